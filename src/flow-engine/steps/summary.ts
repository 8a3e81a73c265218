import { answerSummary } from '../answer-summary.ts';
import type { StepKind } from '../kinds.ts';
import { summaryQuestion } from '../question.ts';

/** `summary`: the answers so far, to submit or change. */
export const summary: StepKind = {
  type: 'summary',
  noAnswer: true,
  ask: summaryQuestion,
  beforeSkip: true,
  answer: (t, _step, reply) => answerSummary(t, reply.picked ?? reply.typed),
};

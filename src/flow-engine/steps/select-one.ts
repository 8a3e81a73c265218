import { choicesFor } from '../choices.ts';
import type { StepKind } from '../kinds.ts';
import { parseSelectOne } from '../parse-answer.ts';
import { plainQuestion } from '../question.ts';
import { needsChoices } from './select.ts';

/** `select_one`: one of the options (its number, its text or its button). */
export const selectOne: StepKind = {
  type: 'select_one',
  choices: true,
  validate: needsChoices,
  ask: (t, step, tk) => ({ ...plainQuestion(t, step, tk), choices: choicesFor(t, step) }),
  pick: (value) => value,
  parse: (t, step, input) => parseSelectOne(input, choicesFor(t, step), t.run.locale),
};

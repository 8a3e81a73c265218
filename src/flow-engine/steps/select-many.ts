import { choicesFor } from '../choices.ts';
import type { StepKind } from '../kinds.ts';
import { parseSelectMany } from '../parse-answer.ts';
import { plainQuestion } from '../question.ts';
import { RANGE_FIELDS } from '../step-fields.ts';
import { et } from '../texts.ts';
import { needsChoices } from './select.ts';

/** `select_many`: several options (numbers or texts separated by commas), `min`–`max` of them. */
export const selectMany: StepKind = {
  type: 'select_many',
  fields: RANGE_FIELDS,
  choices: true,
  validate: needsChoices,
  hints: (run) => [et('hint.select_many', run.locale)],
  ask: (t, step, tk) => ({ ...plainQuestion(t, step, tk), choices: choicesFor(t, step), multiple: true }),
  pick: (value) => [value],
  parse: (t, step, input) => parseSelectMany(input, choicesFor(t, step), t.run.locale, step.min, step.max),
};

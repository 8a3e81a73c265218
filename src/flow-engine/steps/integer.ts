import type { StepKind } from '../kinds.ts';
import { parseInteger } from '../parse-answer.ts';
import { rangeHint } from './numbers.ts';

/** `integer`: a whole number, within `min`–`max` when given. */
export const integer: StepKind = {
  type: 'integer',
  hints: rangeHint,
  parse: (t, step, input) => parseInteger(input, t.run.locale, step.min, step.max),
};

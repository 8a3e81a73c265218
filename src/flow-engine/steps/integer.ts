import type { StepKind } from '../kinds.ts';
import { parseInteger } from '../parse-answer.ts';
import { RANGE_FIELDS } from '../step-fields.ts';
import { rangeHint } from './numbers.ts';

/** `integer`: a whole number, within `min`–`max` when given. */
export const integer: StepKind = {
  type: 'integer',
  fields: RANGE_FIELDS,
  hints: rangeHint,
  parse: (t, step, input) => parseInteger(input, t.run.locale, step.min, step.max),
};

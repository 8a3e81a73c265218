import type { StepKind } from '../kinds.ts';
import { parseDecimal } from '../parse-answer.ts';
import { RANGE_FIELDS } from '../step-fields.ts';
import { rangeHint } from './numbers.ts';

/** `decimal`: a number with a comma or point, within `min`–`max` when given. */
export const decimal: StepKind = {
  type: 'decimal',
  fields: RANGE_FIELDS,
  hints: rangeHint,
  parse: (t, step, input) => parseDecimal(input, t.run.locale, step.min, step.max),
};

import type { StepKind } from '../kinds.ts';
import { parseDate } from '../parse-answer.ts';
import { et } from '../texts.ts';

/** `date`: a date as people type it (17-08-1975, 17 Agustus 1975), stored as YYYY-MM-DD. */
export const date: StepKind = {
  type: 'date',
  hints: (run) => [et('hint.date', run.locale)],
  parse: (t, _step, input) => parseDate(input, t.run.locale),
};

import type { StepKind } from '../kinds.ts';
import { parsePhone } from '../parse-answer.ts';
import { et } from '../texts.ts';

/** `phone`: an Indonesian mobile number (typed or a shared contact), stored as +62…; always private. */
export const phone: StepKind = {
  type: 'phone',
  hints: (run) => [et('hint.phone', run.locale)],
  parse: (t, _step, input) => parsePhone(input, t.run.locale),
};

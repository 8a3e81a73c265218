import type { StepKind } from '../kinds.ts';
import { COMPACT_FIELD, LENGTH_FIELDS } from '../step-fields.ts';
import { et } from '../texts.ts';

/** `text`: free text, trimmed (`compact`: spaces, dots and dashes dropped), at least `min_length` long. */
export const textStep: StepKind = {
  type: 'text',
  fields: { ...COMPACT_FIELD, ...LENGTH_FIELDS },
  parse(t, step, input) {
    const s = step.compact ? input.replace(/[\s.-]/g, '') : input.trim();
    if (step.min_length !== undefined && s.length < step.min_length)
      return {
        ok: false,
        error: et('err.too_short', t.run.locale, { length: s.length, min: step.min_length }),
      };
    return { ok: true, value: s };
  },
};

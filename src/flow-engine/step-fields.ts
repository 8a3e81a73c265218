/**
 * The fields the engine's general-purpose step types add to the common ones (StepKind.fields):
 * each type declares those it reads (steps/*.ts), so a flow that gives one to another type (`accept`
 * on a text step, `min_length` on a select_one) is refused at load, naming the step and the field.
 */
import { z } from 'zod';
import { labelSchema } from './label.ts';

/** text: spaces, dots and dashes typed between the characters are dropped (NIK "6309 0112 …"). */
export const COMPACT_FIELD = { compact: z.boolean().optional() };

/** text: length limits (max defaults to 1000). */
export const LENGTH_FIELDS = {
  min_length: z.number().int().min(0).optional(),
  max_length: z.number().int().positive().optional(),
};

/** integer / decimal: range; select_many: number of options; photo / document: number of files. */
export const RANGE_FIELDS = { min: z.number().optional(), max: z.number().optional() };

/** document: the file types taken, by extension (`[pdf]`); others are refused with the list. */
export const ACCEPT_FIELD = {
  accept: z
    .array(z.string().regex(/^[a-z0-9]+$/, 'accept lists file extensions in lower case, e.g. pdf'))
    .min(1)
    .optional(),
};

/** select_one from a list (choices_from). */
export const LIST_PICK_FIELDS = {
  /** Answer automatically when there is exactly one option. */
  skip_if_single: z.boolean().optional(),
  /** Shown (and the flow ends) when the list is empty. */
  empty_label: labelSchema.optional(),
};

/** The engine's type-specific fields, as a step of a type that declares them has them. */
export type EngineStepFields = Partial<
  z.infer<
    z.ZodObject<
      typeof COMPACT_FIELD &
        typeof LENGTH_FIELDS &
        typeof RANGE_FIELDS &
        typeof ACCEPT_FIELD &
        typeof LIST_PICK_FIELDS
    >
  >
>;

/**
 * The fields the seleksi's step types add to a flow file's common ones (StepKind.fields), and the
 * view the app reads them through. The engine validates them with these schemas and keeps them on
 * the step; only the types registered with them take them, so a flow that gives `part` to a text
 * step is refused at load.
 */
import { z } from 'zod';
import type { StepDef } from '../../flow-engine/schema.ts';

/** region (desa): the kecamatan step; scores / dossier: the step that chose the nomination; category_fields: the category. */
export const OF_FIELD = { of: z.string().optional() };

/**
 * category_fields: which of the chosen category's questions (from the seleksi definition) go here:
 * its own `fields`, its required `documents`, or the eligibility `declarations`.
 */
export const PART_FIELD = { part: z.enum(['fields', 'documents', 'declarations']).optional() };

/** photo: at least the chosen category's `min_photos` (the definition's), never fewer than `min`. */
export const MIN_FROM_FIELD = { min_from: z.literal('min_photos').optional() };

/** integer: the highest value is this year (`current_year`), so the hint and the check agree. */
export const MAX_FROM_FIELD = { max_from: z.literal('current_year').optional() };

type Declared = z.infer<
  z.ZodObject<typeof OF_FIELD & typeof PART_FIELD & typeof MIN_FROM_FIELD & typeof MAX_FROM_FIELD>
>;

/** The seleksi's fields of a step (absent on types that do not take them). */
export interface SeleksiStepFields extends Declared {
  /** Set on the steps made from one category's definition (category-steps.ts). */
  categoryCode?: string;
}

/** A step with the seleksi's fields readable: they are on the object when its type takes them. */
export function fieldsOf<S extends StepDef>(step: S): S & SeleksiStepFields {
  return step as S & SeleksiStepFields;
}

/** The step `of` names is the one this step's answer depends on (changing it clears this one's). */
export function dependsOnOf(step: StepDef): string | undefined {
  return fieldsOf(step).of;
}

import type { StepPlace } from '../kinds.ts';
import type { StepDef } from '../schema.ts';

/** A select step lists its options or names the list they come from. */
export function needsChoices(step: StepDef, { at }: StepPlace): string[] {
  return !step.choices?.length && !step.choices_from
    ? [`${at}: ${step.type} needs choices or choices_from`]
    : [];
}

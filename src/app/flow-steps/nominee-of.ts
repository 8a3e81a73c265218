import type { StepPlace } from '../../flow-engine/kinds.ts';
import type { StepDef } from '../../flow-engine/schema.ts';
import { fieldsOf } from './step-fields.ts';

const NOMINATION_LISTS = new Set(['my_nominations', 'juror_nominees']);

/** A scores / dossier step names (`of`) the earlier step that chose the nomination it reads. */
export function nomineeOfProblems(step: StepDef, { flow, index, at }: StepPlace): string[] {
  const of = fieldsOf(step).of;
  const target = flow.steps.slice(0, index).find((s) => s.name === of);
  if (!of) return [`${at}: needs 'of' (the earlier step it depends on)`];
  if (!target) return [`${at}: 'of' refers to '${of}', which is not an earlier step`];
  if (!NOMINATION_LISTS.has(target.choices_from ?? ''))
    return [`${at}: 'of' must name a step choosing from my_nominations or juror_nominees`];
  return [];
}

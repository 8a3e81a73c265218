/**
 * The evidence beside a criterion while a juror scores it: the nominee's answers and attachments
 * the definition names for that criterion (`evidence:`), never a private one.
 */
import { shortLabel } from '../../flow-engine/display.ts';
import type { Turn } from '../../flow-engine/run.ts';
import type { CompiledStep } from '../../flow-engine/schema.ts';
import { isPrivateStep } from '../../flow-engine/schema.ts';
import { flowFor, nominationFlowOf } from './category-steps.ts';
import type { CategoryView } from './context.ts';
import { nominationField, shownAnswer } from './dossier.ts';
import { chosenNomination } from './lists.ts';
import { fieldsOf } from './step-fields.ts';
import { st } from './texts.ts';

/** Lines to show under a criterion's rubric (empty when it names no evidence or none was given). */
export function evidenceLines(
  t: Turn,
  step: CompiledStep,
  criterion: CategoryView['criteria'][number],
): string[] {
  const run = t.run;
  const keys = criterion.evidence ?? [];
  const n = keys.length > 0 ? chosenNomination(t, fieldsOf(step).of) : undefined;
  const known = nominationFlowOf(run.catalog.flows);
  if (!n || !known) return [];
  const fields = flowFor(known, run.ctx).steps;
  const lines: string[] = [];
  for (const key of keys) {
    const value = n.answers[key];
    const field = nominationField(fields, n, key);
    if (!field || isPrivateStep(field) || value === undefined || value === null || value === '') continue;
    lines.push(`• ${shortLabel(run, field)}: ${shownAnswer(t, field, n, key)}`);
  }
  return lines.length > 0 ? [st('scores.evidence', run.locale), ...lines] : [];
}

import type { Choice } from '../core/messages.ts';
import { listOf } from './kinds.ts';
import { label, type Turn } from './run.ts';
import type { CompiledStep } from './schema.ts';

/** Choices of a step. `forDisplay`: to name an answer (a paged list's items loaded, no page needed). */
export function choicesFor(t: Turn, step: CompiledStep, forDisplay = false): Choice[] {
  if (step.choices) return step.choices.map((c) => ({ value: c.value, label: label(c.label, t.run.locale) }));
  return listOf(t.run.catalog.kinds, step)?.choices(t, step, forDisplay) ?? [];
}

import type { Run } from '../run.ts';
import type { CompiledStep } from '../schema.ts';
import { et } from '../texts.ts';

/** The range hint of an integer / decimal step that has both ends. */
export function rangeHint(run: Run, step: CompiledStep): string[] {
  return step.min !== undefined && step.max !== undefined
    ? [et('hint.range', run.locale, { min: step.min, max: step.max })]
    : [];
}

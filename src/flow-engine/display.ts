import { choicesFor } from './choices.ts';
import type { CompiledStep } from './load.ts';
import { displayDate, isMediaAnswer, type Run, text } from './run.ts';
import { et } from './texts.ts';

/** "foto" or "dokumen" (in the run's locale) for a photo / document step. */
export function mediaWhat(run: Run, step: CompiledStep): string {
  return et(step.type === 'photo' ? 'media.photo' : 'media.document', run.locale);
}

/** How many files a photo / document step needs. */
export function minMedia(step: CompiledStep): number {
  return step.min ?? (step.required ? 1 : 0);
}

/** An answer as the user reads it: choice labels, DD-MM-YYYY dates, file counts. */
export function displayValue(run: Run, step: CompiledStep, value: unknown): string {
  if (value === undefined || value === null || value === '') return et('summary.empty_value', run.locale);
  if (isMediaAnswer(value)) {
    return et('media.count', run.locale, { count: value.media.length, what: mediaWhat(run, step) });
  }
  if (step.choices || step.choices_from) {
    const choices = choicesFor(run, step, true);
    const find = (v: string) => choices.find((c) => c.value === v)?.label ?? v;
    return Array.isArray(value) ? value.map((v) => find(String(v))).join(', ') : find(String(value));
  }
  if (step.type === 'date') return displayDate(String(value));
  return String(value);
}

/** The step's name in lists (summary, dossier, help): its short label or its label's first line. */
export function shortLabel(run: Run, step: CompiledStep): string {
  return step.short_label ? text(run, step.short_label) : (text(run, step.label).split('\n')[0] ?? '');
}

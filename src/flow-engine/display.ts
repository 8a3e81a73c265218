import { choicesFor } from './choices.ts';
import { displayDate, isMediaAnswer, type Run, type Turn, text } from './run.ts';
import type { CompiledStep } from './schema.ts';
import { et } from './texts.ts';

/**
 * "foto" or "dokumen" (in the run's locale) for a photo / document step; in English the plural
 * when `count` is not 1 ("3 photos").
 */
export function mediaWhat(run: Run, step: CompiledStep, count = 1): string {
  const photo = step.type === 'photo';
  if (count === 1) return et(photo ? 'media.photo' : 'media.document', run.locale);
  return et(photo ? 'media.photos' : 'media.documents', run.locale);
}

/** "3 foto" / "3 photos": how many files a photo / document answer holds. */
export function mediaCount(run: Run, step: CompiledStep, count: number): string {
  return et('media.count', run.locale, { count, what: mediaWhat(run, step, count) });
}

/** How many files a photo / document step needs. */
export function minMedia(step: CompiledStep): number {
  return step.min ?? (step.required ? 1 : 0);
}

/** An answer as the user reads it: choice labels, DD-MM-YYYY dates, file counts. */
export function displayValue(t: Turn, step: CompiledStep, value: unknown): string {
  const run = t.run;
  if (value === undefined || value === null || value === '') return et('summary.empty_value', run.locale);
  if (isMediaAnswer(value)) {
    return mediaCount(run, step, value.media.length);
  }
  if (step.choices || step.choices_from) {
    const choices = choicesFor(t, step, true);
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

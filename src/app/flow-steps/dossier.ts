import type { OutboundFile } from '../../core/messages.ts';
import { displayValue, mediaCount, shortLabel } from '../../flow-engine/display.ts';
import { displayDate, isMediaAnswer, type Turn, text } from '../../flow-engine/run.ts';
import type { CompiledStep } from '../../flow-engine/schema.ts';
import { isPrivateStep } from '../../flow-engine/schema.ts';
import { flowFor, nominationFlowOf } from './category-steps.ts';
import { categoryName, type NominationView } from './context.ts';
import { chosenNomination } from './lists.ts';
import { fieldsOf } from './step-fields.ts';
import { st } from './texts.ts';

/** The nomination flow's step that asked `key` of this nominee (their category's, else a common one). */
export function nominationField(
  fields: readonly CompiledStep[],
  n: NominationView,
  key: string,
): CompiledStep | undefined {
  return (
    fields.find((s) => s.name === key && fieldsOf(s).categoryCode === n.categoryCode) ??
    fields.find((s) => s.name === key && !fieldsOf(s).categoryCode)
  );
}

/** A nominee's answer as a juror reads it: region names, file counts, choice labels, dates. */
export function shownAnswer(t: Turn, field: CompiledStep, n: NominationView, key: string): string {
  const run = t.run;
  const value = n.answers[key];
  const named = n.answers[`${key}_nama`];
  if (typeof named === 'string') return named;
  if (isMediaAnswer(value)) return mediaCount(run, field, value.media.length);
  if (field.choices) return displayValue(t, field, value);
  if (field.type === 'date') return displayDate(String(value));
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * A dossier step: the chosen nominee's nomination answers, in the order the nomination flow asks —
 * the merits only. Answers of private steps (NIK, phone, street address: `private` in the flow file,
 * and every `phone` step) are left out, and so are answers of steps the nomination flow no longer has
 * (their privacy is unknown). The officer's own summary still shows everything.
 */
export function dossierText(t: Turn, step: CompiledStep): string {
  const run = t.run;
  const n = chosenNomination(t, fieldsOf(step).of);
  if (!n) return text(run, step.label);
  const lines = [
    text(run, step.label),
    st('dossier.title', run.locale, { number: n.number }),
    st('dossier.nominee', run.locale, { name: n.nomineeName }),
    st('dossier.region', run.locale, { region: n.regionName }),
    st('dossier.category', run.locale, { category: categoryName(run, n.categoryCode) }),
    n.priorResult ? st('dossier.prior', run.locale, { result: n.priorResult[run.locale] }) : '',
  ].filter(Boolean);
  const known = nominationFlowOf(run.catalog.flows);
  const nominationFlow = known ? flowFor(known, run.ctx) : undefined;
  const fields = nominationFlow?.steps ?? [];
  const skip = new Set(['nama', String(nominationFlow?.on_complete.category ?? '')]);
  // In the order the nomination flow asks (Postgres jsonb does not keep key order).
  const order = new Map(fields.map((f, i) => [f.name, i]));
  const keys = Object.keys(n.answers).sort(
    (a, b) => (order.get(a) ?? fields.length) - (order.get(b) ?? fields.length) || a.localeCompare(b),
  );
  let files = false;
  for (const key of keys) {
    const value = n.answers[key];
    if (skip.has(key) || key.endsWith('_nama') || value === null || value === '') continue;
    const field = nominationField(fields, n, key);
    if (!field || isPrivateStep(field)) continue;
    if (isMediaAnswer(value)) files ||= value.media.length > 0;
    lines.push(`• ${shortLabel(run, field)}: ${shownAnswer(t, field, n, key)}`);
  }
  if (files) lines.push(st('dossier.files_hint', run.locale));
  return lines.join('\n');
}

/** The photos and documents of the nominee the running flow's dossier shows (private steps left out). */
export function dossierFiles(t: Turn, step: CompiledStep): { number: string; files: OutboundFile[] } | null {
  const run = t.run;
  const n = chosenNomination(t, fieldsOf(step).of);
  if (!n) return null;
  const known = nominationFlowOf(run.catalog.flows);
  const fields = (known ? flowFor(known, run.ctx).steps : []).filter(
    (f) => !fieldsOf(f).categoryCode || fieldsOf(f).categoryCode === n.categoryCode,
  );
  const files: OutboundFile[] = [];
  for (const field of fields) {
    const value = n.answers[field.name];
    if (isPrivateStep(field) || !isMediaAnswer(value)) continue;
    for (const m of value.media) {
      files.push({
        kind: field.type === 'photo' ? 'photo' : 'document',
        fileRef: m.fileRef,
        ...(m.localPath ? { localPath: m.localPath } : {}),
        ...(m.fileName ? { fileName: m.fileName } : {}),
        ...(m.caption ? { caption: m.caption } : {}),
      });
    }
  }
  return { number: n.number, files };
}

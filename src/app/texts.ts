import type { Locale } from '../flow-engine/api.ts';

/**
 * Messages the app (not a flow file) sends: registration results, submission confirmations,
 * refusals. Bahasa Indonesia first. Flow prompts live in flows/*.yaml. Add keys as needed.
 */
const TEXTS = {
  'submission.processing': {
    id: '⏳ Sedang diproses… Anda akan menerima konfirmasi setelah data tersimpan.',
    en: '⏳ Processing… you will get a confirmation once it is saved.',
  },
  'submission.nomination.recorded': {
    id: '✅ Nominasi tercatat: {number}',
    en: '✅ Nomination recorded: {number}',
  },
  'submission.nomination.updated': {
    id: '✅ Perubahan nominasi tercatat: {number}',
    en: '✅ Nomination changes recorded: {number}',
  },
  'submission.scores.recorded': {
    id: '✅ Penilaian tercatat untuk {number}.',
    en: '✅ Scores recorded for {number}.',
  },
  'submission.recusal.recorded': {
    id: '✅ Pengunduran diri dari penilaian {number} tercatat.',
    en: '✅ Your recusal from scoring {number} is recorded.',
  },
  'submission.rejected': {
    id: '❌ Tidak dapat disimpan: {reason}',
    en: '❌ Could not be saved: {reason}',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type TextKey = keyof typeof TEXTS;

/** The text for key in locale, with {name} placeholders filled from vars. */
export function t(key: TextKey, locale: Locale, vars: Record<string, string | number> = {}): string {
  const template: string = TEXTS[key][locale] ?? TEXTS[key].id;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

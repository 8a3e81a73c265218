import type { Locale } from '../../flow-engine/api.ts';
import { fill } from '../../flow-engine/texts.ts';

/** The words of the seleksi's own step types (regions, scores, dossiers). Bahasa Indonesia first. */
const TEXTS = {
  'err.region_suggest': {
    id: '{level} "{input}" tidak ditemukan{where}. Mungkin maksud Anda:',
    en: '{level} "{input}" was not found{where}. Did you mean:',
  },
  'err.region_none_plain': {
    id: '{level} "{input}" tidak ditemukan{where}. Ketik beberapa huruf pertama namanya untuk melihat nama-nama yang cocok.',
    en: '{level} "{input}" was not found{where}. Type the first few letters of the name to see the names that match.',
  },
  'region.level.kecamatan': { id: 'Kecamatan', en: 'Kecamatan (district)' },
  'region.level.desa': { id: 'Desa/kelurahan', en: 'Desa/kelurahan (village)' },
  'region.where': { id: ' di {place}', en: ' in {place}' },
  'region.kecamatan_named': { id: 'Kecamatan {name}', en: 'Kecamatan {name}' },
  'region.several': {
    id: 'Ada beberapa yang cocok dengan "{input}". Pilih salah satu:',
    en: 'Several match "{input}". Choose one:',
  },
  'scores.prompt': {
    id: 'Kriteria {index} dari {count}: {label} (bobot {weight}%)\nRubrik: {rubric}\nSkala {min}–{max}. Ketik nilai Anda.',
    en: 'Criterion {index} of {count}: {label} (weight {weight}%)\nRubric: {rubric}\nScale {min}–{max}. Type your score.',
  },
  'scores.evidence': { id: 'Bukti dari berkas nominasi:', en: 'Evidence from the nomination:' },
  'scores.range': {
    id: 'Nilai untuk {label} harus bilangan bulat antara {min} dan {max}.',
    en: 'The score for {label} must be a whole number between {min} and {max}.',
  },
  'dossier.title': { id: '📁 Berkas {number}', en: '📁 Dossier {number}' },
  'dossier.nominee': { id: 'Calon: {name}', en: 'Nominee: {name}' },
  'dossier.region': { id: 'Asal: {region}', en: 'From: {region}' },
  'dossier.category': { id: 'Kategori: {category}', en: 'Category: {category}' },
  'dossier.files_hint': {
    id: '📎 Ketik *lampiran* untuk melihat foto dan dokumennya.',
    en: '📎 Type *attachments* to see the photos and documents.',
  },
  'dossier.prior': { id: 'Hasil sebelumnya: {result}', en: 'Earlier result: {result}' },
} as const satisfies Record<string, Record<Locale, string>>;

export type StepTextKey = keyof typeof TEXTS;

/** A step text for key in locale with {name} placeholders filled. */
export function st(key: StepTextKey, locale: Locale, vars: Record<string, string | number> = {}): string {
  return fill(TEXTS[key][locale] ?? TEXTS[key].id, vars);
}

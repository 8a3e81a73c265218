import type { Bilingual } from '../../core/names.ts';
import type { Locale } from '../../flow-engine/api.ts';
import { fill } from '../../flow-engine/texts.ts';

/**
 * The words of the seleksi's own step types (regions, scores, dossiers) and lists (nominations, a
 * juror's nominees). Bahasa Indonesia first.
 */
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
  'list.new_nomination': { id: '➕ Nominasi baru', en: '➕ New nomination' },
  'list.scored': { id: '✅ sudah dinilai', en: '✅ scored' },
  'list.pending': { id: '⏳ terkirim, sedang diproses', en: '⏳ sent, being processed' },
  'list.recused': { id: '⛔ Anda mundur', en: '⛔ you recused' },
  'juror.page': {
    id: 'Halaman {page} dari {pages} ({count} calon). Ketik *lagi* atau *sebelumnya* untuk halaman lain.',
    en: 'Page {page} of {pages} ({count} nominees). Type *next* or *prev* for other pages.',
  },
  'juror.search': {
    id: 'Hasil pencarian "{query}": {count} calon (halaman {page} dari {pages}). Ketik *semua* untuk daftar lengkap.',
    en: 'Search "{query}": {count} nominees (page {page} of {pages}). Type *all* for the whole list.',
  },
  'juror.hint': {
    id: 'Ketik nomor pilihan, atau nama, kabupaten/kota atau nomor calon untuk mencari (juga yang sudah Anda nilai).',
    en: 'Type an option number, or a name, kabupaten/kota or nominee number to search (also those you scored).',
  },
  'juror.no_match': {
    id: 'Tidak ada calon Anda yang cocok dengan "{query}". Ketik nama, kabupaten/kota atau nomor calon lain, atau *semua*.',
    en: 'None of your nominees matches "{query}". Type another name, kabupaten/kota or nominee number, or *all*.',
  },
  'juror.not_available': {
    id: 'Calon itu tidak ada lagi di daftar Anda (ditarik, atau bukan kategori Anda).',
    en: 'That nominee is no longer on your list (withdrawn, or not your category).',
  },
  'list.own_region': {
    id: 'Calon yang cocok dengan "{query}" berasal dari kabupaten/kota Anda sendiri. Penilai tidak menilai calon dari daerahnya sendiri (konflik kepentingan), jadi calon itu tidak ada di daftar Anda.',
    en: 'The nominees matching "{query}" are from your own kabupaten/kota. Jurors do not score nominees from their own region (conflict of interest), so they are not on your list.',
  },
  'list.recused_already': {
    id: 'Anda sudah mundur dari penilaian calon itu.',
    en: 'You have recused yourself from scoring that nominee.',
  },
  'list.replace': {
    id: 'Anda sudah menilai {nominee}.\nNilai baru akan MENGGANTIKAN nilai sebelumnya (sampai seleksi ditutup). Lanjutkan?',
    en: 'You already scored {nominee}.\nNew scores will REPLACE your earlier ones (until the seleksi closes). Go on?',
  },
  'list.replace_pending': {
    id: 'Nilai Anda untuk {nominee} sudah terkirim dan sedang diproses.\nNilai baru akan MENGGANTIKANNYA. Lanjutkan?',
    en: 'Your scores for {nominee} were sent and are being processed.\nNew scores will REPLACE them. Go on?',
  },
  'list.replace_yes': { id: 'Ya, nilai ulang', en: 'Yes, score again' },
  'list.replace_no': { id: 'Tidak, kembali ke daftar', en: 'No, back to the list' },
  'cmd.nominasi': { id: 'ajukan atau ubah nominasi', en: 'submit or edit a nomination' },
  'cmd.nilai': { id: 'nilai calon', en: 'score nominees' },
  'cmd.hasil': { id: 'lihat hasil seleksi', en: 'see the results' },
  'files.none': {
    id: 'Berkas {number} tidak memiliki foto atau dokumen.',
    en: 'Dossier {number} has no photos or documents.',
  },
  'files.none_here': {
    id: 'Tidak ada berkas calon yang sedang dibuka. Pilih calon dengan *nilai* dahulu.',
    en: 'No dossier is open. Choose a nominee with *nilai* first.',
  },
  unregistered: {
    id: 'Anda belum terdaftar. Kirim DAFTAR diikuti kode undangan Anda, misalnya: DAFTAR AB12CD.',
    en: 'You are not registered yet. Send DAFTAR followed by your invite code, e.g.: DAFTAR AB12CD.',
  },
  progress: { id: '{done} dari {total} sudah dinilai', en: '{done} of {total} scored' },
  'result.none': { id: 'Hasil belum diumumkan.', en: 'Results have not been announced yet.' },
} as const satisfies Record<string, Record<Locale, string>>;

export type StepTextKey = keyof typeof TEXTS;

/** A step text for key in locale with {name} placeholders filled. */
export function st(key: StepTextKey, locale: Locale, vars: Record<string, string | number> = {}): string {
  return fill(TEXTS[key][locale] ?? TEXTS[key].id, vars);
}

/** A step text in both languages. */
export function stBoth(key: StepTextKey, vars: Record<string, string | number> = {}): Bilingual {
  return { id: st(key, 'id', vars), en: st(key, 'en', vars) };
}

import type { Locale } from './api.ts';

/** The engine's words for paged lists and their picks (see paged-list.ts). Bahasa Indonesia first. */
export const LIST_TEXTS = {
  'list.new_nomination': { id: '➕ Nominasi baru', en: '➕ New nomination' },
  'list.scored': { id: '✅ sudah dinilai', en: '✅ scored' },
  'list.pending': { id: '⏳ terkirim, sedang diproses', en: '⏳ sent, being processed' },
  'list.recused': { id: '⛔ Anda mundur', en: '⛔ you recused' },
  'list.page': {
    id: 'Halaman {page} dari {pages} ({count} calon). Ketik *lagi* atau *sebelumnya* untuk halaman lain.',
    en: 'Page {page} of {pages} ({count} nominees). Type *next* or *prev* for other pages.',
  },
  'list.search': {
    id: 'Hasil pencarian "{query}": {count} calon (halaman {page} dari {pages}). Ketik *semua* untuk daftar lengkap.',
    en: 'Search "{query}": {count} nominees (page {page} of {pages}). Type *all* for the whole list.',
  },
  'list.hint': {
    id: 'Ketik nomor pilihan, atau nama, kabupaten/kota atau nomor calon untuk mencari (juga yang sudah Anda nilai).',
    en: 'Type an option number, or a name, kabupaten/kota or nominee number to search (also those you scored).',
  },
  'list.no_match': {
    id: 'Tidak ada calon Anda yang cocok dengan "{query}". Ketik nama, kabupaten/kota atau nomor calon lain, atau *semua*.',
    en: 'None of your nominees matches "{query}". Type another name, kabupaten/kota or nominee number, or *all*.',
  },
  'list.own_region': {
    id: 'Calon yang cocok dengan "{query}" berasal dari kabupaten/kota Anda sendiri. Penilai tidak menilai calon dari daerahnya sendiri (konflik kepentingan), jadi calon itu tidak ada di daftar Anda.',
    en: 'The nominees matching "{query}" are from your own kabupaten/kota. Jurors do not score nominees from their own region (conflict of interest), so they are not on your list.',
  },
  'list.end': {
    id: 'Tidak ada halaman lain. Ketik *sebelumnya*, *semua*, atau nomor pilihan.',
    en: 'There is no other page. Type *prev*, *all*, or an option number.',
  },
  'list.not_available': {
    id: 'Calon itu tidak ada lagi di daftar Anda (ditarik, atau bukan kategori Anda).',
    en: 'That nominee is no longer on your list (withdrawn, or not your category).',
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
  'err.yes_no': { id: 'Mohon jawab *ya* atau *tidak*.', en: 'Please answer *yes* or *no*.' },
} as const satisfies Record<string, Record<Locale, string>>;

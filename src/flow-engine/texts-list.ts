import type { Locale } from './api.ts';

/** The engine's words for paged lists (see paged-list.ts). Bahasa Indonesia first. */
export const LIST_TEXTS = {
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
  'list.end': {
    id: 'Tidak ada halaman lain. Ketik *sebelumnya*, *semua*, atau nomor pilihan.',
    en: 'There is no other page. Type *prev*, *all*, or an option number.',
  },
  'list.not_available': {
    id: 'Calon itu tidak ada lagi di daftar Anda (ditarik, atau bukan kategori Anda).',
    en: 'That nominee is no longer on your list (withdrawn, or not your category).',
  },
  'err.yes_no': { id: 'Mohon jawab *ya* atau *tidak*.', en: 'Please answer *yes* or *no*.' },
} as const satisfies Record<string, Record<Locale, string>>;

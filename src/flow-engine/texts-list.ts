import type { Locale } from './api.ts';

/**
 * The engine's words for paged lists (see paged-list.ts), naming their items plainly; a paged list
 * may name its own (ChoiceList.texts, with the same {placeholders}). Bahasa Indonesia first.
 */
export const LIST_TEXTS = {
  'list.page': {
    id: 'Halaman {page} dari {pages} ({count} pilihan). Ketik *lagi* atau *sebelumnya* untuk halaman lain.',
    en: 'Page {page} of {pages} ({count} options). Type *next* or *prev* for other pages.',
  },
  'list.search': {
    id: 'Hasil pencarian "{query}": {count} pilihan (halaman {page} dari {pages}). Ketik *semua* untuk daftar lengkap.',
    en: 'Search "{query}": {count} options (page {page} of {pages}). Type *all* for the whole list.',
  },
  'list.hint': {
    id: 'Ketik nomor pilihan, atau kata untuk mencari.',
    en: 'Type an option number, or a word to search.',
  },
  'list.no_match': {
    id: 'Tidak ada yang cocok dengan "{query}". Ketik kata lain, atau *semua*.',
    en: 'Nothing matches "{query}". Type another word, or *all*.',
  },
  'list.end': {
    id: 'Tidak ada halaman lain. Ketik *sebelumnya*, *semua*, atau nomor pilihan.',
    en: 'There is no other page. Type *prev*, *all*, or an option number.',
  },
  'list.not_available': {
    id: 'Pilihan itu tidak ada lagi di daftar.',
    en: 'That option is no longer on the list.',
  },
  'err.yes_no': { id: 'Mohon jawab *ya* atau *tidak*.', en: 'Please answer *yes* or *no*.' },
} as const satisfies Record<string, Record<Locale, string>>;

/** The words a paged list may name its own way. */
export type ListTextKey = Exclude<keyof typeof LIST_TEXTS, 'err.yes_no'>;

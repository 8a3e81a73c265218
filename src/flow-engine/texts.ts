import type { Locale } from './api.ts';
import { LIST_TEXTS } from './texts-list.ts';

/**
 * The engine's own words (errors, commands, menu), plain: they name no domain. The registry may give
 * its own for any of them (FlowKinds.texts: the app's words for `lampiran` and for an unregistered
 * chat), read through engineText (run.ts). Flow prompts live in flows/*.yaml. Bahasa Indonesia first.
 */
const TEXTS = {
  ...LIST_TEXTS,
  'err.empty': {
    id: 'Pesan kosong. Mohon ketik jawaban Anda.',
    en: 'Empty message. Please type your answer.',
  },
  'err.too_long': {
    id: 'Teks terlalu panjang ({length} karakter; maksimal {max}). Mohon persingkat.',
    en: 'Text too long ({length} characters; at most {max}). Please shorten it.',
  },
  'err.too_short': {
    id: 'Teks terlalu pendek ({length} karakter; minimal {min}).',
    en: 'Text too short ({length} characters; at least {min}).',
  },
  'err.sticker': {
    id: 'Stiker tidak dapat diproses di sini.',
    en: 'Stickers cannot be used here.',
  },
  'err.media_not_text': {
    id: 'Pertanyaan ini meminta jawaban teks, bukan {kind}.',
    en: 'This question needs a text answer, not a {kind}.',
  },
  'err.unsupported': {
    id: 'Jenis pesan ini tidak dapat diproses.',
    en: 'This kind of message cannot be processed.',
  },
  'err.unknown_command': {
    id: 'Perintah "{command}" tidak dikenal. Ketik bantuan untuk daftar perintah.',
    en: 'Unknown command "{command}". Type bantuan (help) for the list of commands.',
  },
  'err.stale_button': {
    id: 'Tombol itu milik pertanyaan sebelumnya. Mohon jawab pertanyaan saat ini:',
    en: 'That button belongs to an earlier question. Please answer the current question:',
  },
  'err.integer': {
    id: 'Mohon ketik bilangan bulat, misalnya 75.',
    en: 'Please type a whole number, e.g. 75.',
  },
  'err.decimal': { id: 'Mohon ketik angka, misalnya 12,5.', en: 'Please type a number, e.g. 12.5.' },
  'err.range': {
    id: 'Nilai harus antara {min} dan {max}.',
    en: 'The value must be between {min} and {max}.',
  },
  'err.min': { id: 'Nilai minimal {min}.', en: 'The value must be at least {min}.' },
  'err.max': { id: 'Nilai maksimal {max}.', en: 'The value must be at most {max}.' },
  'err.choice': {
    id: '"{input}" bukan pilihan yang tersedia. Ketik nomor pilihan (1–{count}) atau teksnya.',
    en: '"{input}" is not one of the options. Type the option number (1–{count}) or its text.',
  },
  'err.choice_single': {
    id: '"{input}" bukan pilihan yang tersedia. Ketik 1 atau teksnya.',
    en: '"{input}" is not one of the options. Type 1 or its text.',
  },
  'err.choice_count_min': { id: 'Pilih minimal {min}.', en: 'Choose at least {min}.' },
  'err.choice_count_max': { id: 'Pilih maksimal {max}.', en: 'Choose at most {max}.' },
  'err.phone_chars': {
    id: 'Nomor HP hanya boleh berisi angka (boleh diawali +), misalnya 081234567890.',
    en: 'A phone number may contain only digits (optionally starting with +), e.g. 081234567890.',
  },
  'err.phone_prefix': {
    id: 'Nomor HP Indonesia diawali 08, 62 atau +62, misalnya 081234567890.',
    en: 'An Indonesian mobile number starts with 08, 62 or +62, e.g. 081234567890.',
  },
  'err.phone_length': {
    id: 'Nomor HP {number} terlalu {what} ({digits} digit setelah 0; seharusnya 9–12).',
    en: 'Phone number {number} is too {what} ({digits} digits after the 0; expected 9–12).',
  },
  'err.date_format': {
    id: 'Format tanggal tidak dikenal. Ketik tanggal-bulan-tahun, misalnya 17-08-1980, 17/8/1980 atau 17 Agustus 1980.',
    en: 'Unknown date format. Type day-month-year, e.g. 17-08-1980, 17/8/1980 or 17 August 1980.',
  },
  'err.date_invalid': {
    id: 'Tanggal {input} tidak ada di kalender.',
    en: 'The date {input} does not exist.',
  },
  'err.constraint': { id: 'Jawaban tidak memenuhi syarat.', en: 'The answer does not meet the requirement.' },
  'err.required': {
    id: 'Pertanyaan ini wajib dijawab.',
    en: 'This question is required.',
  },
  'err.media_kind': {
    id: 'Mohon kirim {expected}, bukan {kind}.',
    en: 'Please send a {expected}, not a {kind}.',
  },
  'err.media_type': {
    id: 'Berkas {file} tidak diterima di sini: kirim {accepted}.',
    en: 'The file {file} is not accepted here: send {accepted}.',
  },
  'err.media_min': {
    id: 'Baru {count} {counted} diterima; minimal {min}. Kirim {what} lagi.',
    en: 'Only {count} {counted} received; at least {min} needed. Send another {what}.',
  },
  'err.media_text': {
    id: 'Mohon kirim {what} sebagai lampiran, atau ketik selesai bila sudah.',
    en: 'Please send the {what} as an attachment, or type selesai (done) when finished.',
  },
  'err.summary': {
    id: 'Balas 1 (kirim) atau 2 (ubah jawaban).',
    en: 'Reply 1 (submit) or 2 (change an answer).',
  },
  'err.first_question': {
    id: 'Ini pertanyaan pertama; tidak ada pertanyaan sebelumnya.',
    en: 'This is the first question; there is no previous one.',
  },
  'err.no_choice_now': {
    id: 'Tidak ada pertanyaan yang sedang menunggu jawaban.',
    en: 'No question is waiting for an answer.',
  },
  'media.photo': { id: 'foto', en: 'photo' },
  'media.document': { id: 'dokumen', en: 'document' },
  'media.photos': { id: 'foto', en: 'photos' },
  'media.documents': { id: 'dokumen', en: 'documents' },
  'media.video': { id: 'video', en: 'video' },
  'media.audio': { id: 'audio', en: 'audio' },
  'media.voice': { id: 'pesan suara', en: 'voice message' },
  'media.location': { id: 'lokasi', en: 'location' },
  'media.contact': { id: 'kontak', en: 'contact' },
  'media.received': {
    id: '{What} ke-{count} diterima. Kirim {what} lain, atau ketik selesai bila sudah.',
    en: '{What} no. {count} received. Send another {what}, or type selesai (done) when finished.',
  },
  'media.done': { id: 'Selesai', en: 'Done' },
  'media.count': { id: '{count} {what}', en: '{count} {what}' },
  'hint.optional': { id: '(Opsional: ketik - untuk melewati.)', en: '(Optional: type - to skip.)' },
  'hint.select_many': {
    id: '(Boleh lebih dari satu, misalnya: 1,3)',
    en: '(You may pick several, e.g.: 1,3)',
  },
  'hint.phone': { id: 'Contoh: 081234567890', en: 'Example: 081234567890' },
  'hint.date': {
    id: 'Format: tanggal-bulan-tahun, misalnya 17-08-1980 atau 17 Agustus 1980',
    en: 'Format: day-month-year, e.g. 17-08-1980 or 17 August 1980',
  },
  'hint.range': { id: 'Angka {min}–{max}.', en: 'A number {min}–{max}.' },
  'hint.media': {
    id: 'Kirim minimal {min} {whats}, lalu ketik selesai.',
    en: 'Send at least {min} {whats}, then type selesai (done).',
  },
  'hint.media_optional': {
    id: 'Kirim {whats} bila ada, lalu ketik selesai.',
    en: 'Send {whats} if any, then type selesai (done).',
  },
  'hint.previous': { id: 'Jawaban sebelumnya: {value}', en: 'Previous answer: {value}' },
  'summary.title': { id: '📋 Ringkasan jawaban:', en: '📋 Summary of your answers:' },
  'summary.submit': { id: '✅ Kirim', en: '✅ Submit' },
  'summary.edit': { id: '✏️ Ubah jawaban', en: '✏️ Change an answer' },
  'summary.pick': {
    id: 'Nomor jawaban yang ingin diubah?',
    en: 'Which answer number do you want to change?',
  },
  'summary.instructions': {
    id: 'Pilih 1 untuk mengirim, atau 2 untuk mengubah salah satu jawaban.',
    en: 'Choose 1 to submit, or 2 to change one of the answers.',
  },
  'summary.empty_value': { id: '(dilewati)', en: '(skipped)' },
  'files.title': {
    id: '📎 Lampiran {number} ({count} berkas):',
    en: '📎 Attachments of {number} ({count} files):',
  },
  'files.none': {
    id: '{number} tidak memiliki foto atau dokumen.',
    en: '{number} has no photos or documents.',
  },
  'files.none_here': {
    id: 'Tidak ada yang sedang ditampilkan dengan lampiran.',
    en: 'Nothing with attachments is being shown.',
  },
  cancelled: {
    id: 'Dibatalkan. Jawaban yang belum dikirim dihapus.',
    en: 'Cancelled. Unsent answers were discarded.',
  },
  nothing_to_cancel: { id: 'Tidak ada yang sedang berjalan.', en: 'Nothing is in progress.' },
  'locale.switched': { id: 'Bahasa diganti ke Bahasa Indonesia.', en: 'Language switched to English.' },
  'draft.none': {
    id: 'Tidak ada isian yang belum selesai di saluran lain (Telegram/WhatsApp) untuk dilanjutkan.',
    en: 'There is no unfinished form on another channel (Telegram/WhatsApp) to continue.',
  },
  'draft.continued': {
    id: '↪️ Melanjutkan "{title}" yang dimulai di {channel}.',
    en: '↪️ Continuing "{title}", begun on {channel}.',
  },
  'flow.busy': {
    id: 'Anda sedang mengisi "{title}". Selesaikan dulu, atau ketik batal untuk membatalkan.',
    en: 'You are in the middle of "{title}". Finish it first, or type batal (cancel) to cancel.',
  },
  'flow.not_for_role': {
    id: 'Perintah {command} tidak tersedia untuk peran Anda.',
    en: 'The command {command} is not available for your role.',
  },
  'flow.unregistered': {
    id: 'Anda belum terdaftar.',
    en: 'You are not registered yet.',
  },
  'flow.restarted': {
    id: 'Formulir "{title}" telah diperbarui, jadi pengisian dimulai ulang dari awal.',
    en: 'The form "{title}" was updated, so it starts again from the beginning.',
  },
  'flow.lost': {
    id: 'Percakapan sebelumnya tidak dapat dilanjutkan dan telah diakhiri.',
    en: 'The previous conversation could not be continued and was ended.',
  },
  'menu.title': {
    id: 'Apa yang ingin Anda lakukan? Ketik salah satu:',
    en: 'What would you like to do? Type one of:',
  },
  'menu.greeting': { id: 'Halo, {name}.', en: 'Hello, {name}.' },
  'help.title': { id: 'Bantuan', en: 'Help' },
  'help.step': { id: 'Pertanyaan saat ini: {label}', en: 'Current question: {label}' },
  'help.commands': {
    id: 'Perintah yang bisa dipakai kapan saja (dengan atau tanpa /):\n• batal — batalkan formulir ini\n• kembali — ke pertanyaan sebelumnya\n• bantuan — bantuan ini\n• bahasa — ganti bahasa (Indonesia/English)\n• status — status Anda\n• lanjut — lanjutkan di sini formulir yang dimulai di Telegram/WhatsApp\n• menu — daftar menu',
    en: 'Commands that work at any time (with or without /):\n• batal — cancel this form\n• kembali — previous question\n• bantuan — this help\n• bahasa — switch language (Indonesia/English)\n• status — your status\n• lanjut — continue here a form begun on Telegram/WhatsApp\n• menu — the menu',
  },
  'cmd.status': { id: 'status Anda', en: 'your status' },
  'cmd.bahasa': { id: 'ganti bahasa (Indonesia/English)', en: 'switch language (Indonesia/English)' },
  'cmd.bantuan': { id: 'bantuan', en: 'help' },
} as const satisfies Record<string, Record<Locale, string>>;

export type EngineTextKey = keyof typeof TEXTS;

/** Engine text for key in locale with {name} placeholders filled. */
export function et(key: EngineTextKey, locale: Locale, vars: Record<string, string | number> = {}): string {
  const template: string = TEXTS[key][locale] ?? TEXTS[key].id;
  return fill(template, vars);
}

/** A {name} placeholder of a text template. */
export const PLACEHOLDER = /\{(\w+)\}/g;

/** Fills {name} placeholders; unknown ones stay as written. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(PLACEHOLDER, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

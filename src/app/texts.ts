import type { Locale } from '../flow-engine/api.ts';
import { fill } from '../flow-engine/texts.ts';

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
  'submission.nomination.previous_editor': {
    id: 'ℹ️ Sebelum perubahan Anda, nominasi ini terakhir diubah oleh {name} ({at}). Periksa kembali isinya bersama petugas tersebut.',
    en: 'ℹ️ Before your change, this nomination was last changed by {name} ({at}). Check its content with that officer.',
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
  // Deadline reminders (src/app/deadlines.ts).
  'reminder.nomination': {
    id: '⏰ Pengingat {seleksi}: nominasi ditutup {when}. Kabupaten/kota Anda belum mengirim nominasi; ketik *nominasi* untuk mengajukan calon.',
    en: '⏰ Reminder for {seleksi}: nominations close {when}. Your kabupaten/kota has not nominated yet; type *nominasi* to nominate a candidate.',
  },
  'reminder.scoring': {
    id: '⏰ Pengingat {seleksi}: penilaian ditutup {when}. Masih ada {count} nominasi yang belum Anda nilai; ketik *nilai* untuk melanjutkan.',
    en: '⏰ Reminder for {seleksi}: scoring closes {when}. You still have {count} nominees to score; type *nilai* to continue.',
  },
  // Registration (src/app/register.ts).
  'register.unknown': {
    id: '❌ Kode undangan {code} tidak dikenal. Periksa kembali kodenya (huruf dan angka) atau minta kode baru kepada admin Dinas Sosial.',
    en: '❌ Invite code {code} is unknown. Check the code (letters and digits) or ask the Dinas Sosial admin for a new one.',
  },
  'register.expired': {
    id: '❌ Kode undangan {code} sudah kedaluwarsa. Minta kode baru kepada admin Dinas Sosial.',
    en: '❌ Invite code {code} has expired. Ask the Dinas Sosial admin for a new one.',
  },
  'register.used': {
    id: '❌ Kode undangan {code} sudah dipakai. Setiap kode hanya berlaku satu kali; minta kode baru kepada admin Dinas Sosial.',
    en: '❌ Invite code {code} has already been used. Each code works once; ask the Dinas Sosial admin for a new one.',
  },
  'register.already': {
    id: 'ℹ️ Chat ini sudah terdaftar dengan kode {code}.',
    en: 'ℹ️ This chat is already registered with code {code}.',
  },
  'register.confirm': {
    id: 'ℹ️ Anda sudah terdaftar di {seleksi} sebagai {current}. Kode {code} akan mendaftarkan Anda sebagai {next}. {work}\nBila benar, kirim *DAFTAR {code} YA*. Bila tidak, abaikan pesan ini: belum ada yang diubah.',
    en: 'ℹ️ You are already registered in {seleksi} as {current}. Code {code} would register you as {next}. {work}\nIf that is right, send *DAFTAR {code} YA*. If not, ignore this message: nothing has been changed.',
  },
  'register.one_role': {
    id: '❌ Anda sudah terdaftar di {seleksi} sebagai {current}; satu orang memegang satu peran dalam satu seleksi. Kode {code} ({next}) tidak dipakai dan tidak ada yang diubah. Bila Anda memang perlu peran kedua, minta admin membuat undangan dengan --second-role.',
    en: '❌ You are already registered in {seleksi} as {current}; one person holds one role in a seleksi. Code {code} ({next}) was not used and nothing was changed. If you really need a second role, ask the admin for an invite made with --second-role.',
  },
  'register.linked': {
    id: '✅ Chat ini kini terhubung dengan akun Anda, {name} (kode {code}), yang sudah terdaftar di saluran lain. Draf yang dimulai di sana dapat dilanjutkan di sini dengan *lanjut*.',
    en: '✅ This chat is now linked to your account, {name} (code {code}), already registered on another channel. A draft begun there can be continued here with *lanjut*.',
  },
  'register.welcome.OFFICER': {
    id: '✅ Selamat datang, {name}! Anda terdaftar sebagai petugas {region} untuk {seleksi}.\nKetik *nominasi* untuk mengajukan calon, *status* untuk melihat nominasi Anda, *bantuan* untuk daftar perintah.',
    en: '✅ Welcome, {name}! You are registered as the officer of {region} for {seleksi}.\nType *nominasi* to nominate a candidate, *status* to see your nominations, *bantuan* for help.',
  },
  'register.welcome.JUROR': {
    id: '✅ Selamat datang, {name}! Anda terdaftar sebagai tim penilai {seleksi} untuk kategori {categories}.\nKetik *nilai* untuk mulai menilai saat tahap penilaian dibuka, *status* untuk melihat kemajuan, *bantuan* untuk daftar perintah.',
    en: '✅ Welcome, {name}! You are registered as a juror of {seleksi} for {categories}.\nType *nilai* to start scoring once the scoring phase opens, *status* to see your progress, *bantuan* for help.',
  },
  'register.welcome.JUROR.scoring': {
    id: '✅ Selamat datang, {name}! Anda terdaftar sebagai tim penilai {seleksi} untuk kategori {categories}.\nTahap penilaian sedang berjalan: ketik *nilai* untuk mulai menilai sekarang, *status* untuk melihat kemajuan, *bantuan* untuk daftar perintah.',
    en: '✅ Welcome, {name}! You are registered as a juror of {seleksi} for {categories}.\nScoring is open: type *nilai* to start scoring now, *status* to see your progress, *bantuan* for help.',
  },
  'register.welcome.MEMBER': {
    id: '✅ Selamat datang, {name}! Anda terdaftar untuk menerima kabar {seleksi}.\nKetik *hasil* untuk melihat hasil setelah diumumkan, *bantuan* untuk daftar perintah.',
    en: '✅ Welcome, {name}! You will receive the news of {seleksi}.\nType *hasil* to see the results once published, *bantuan* for help.',
  },
  'register.welcome.ADMIN': {
    id: '✅ Selamat datang, {name}! Anda terdaftar sebagai admin {seleksi}.\nKetik *status* untuk melihat kemajuan, *tutup* untuk menutup penilaian, *umumkan* untuk menyiarkan hasil (masing-masing dengan konfirmasi).',
    en: '✅ Welcome, {name}! You are registered as an admin of {seleksi}.\nType *status* to see progress, *tutup* to close scoring, *umumkan* to broadcast the results (each asks for confirmation).',
  },
  // Sessions and the inbound handler (src/app/handle-inbound.ts).
  'session.reset': {
    id: 'ℹ️ Percakapan sebelumnya tidak dapat dilanjutkan karena aplikasi diperbarui. Silakan mulai lagi.',
    en: 'ℹ️ Your previous conversation could not be continued after an update. Please start again.',
  },
  'inbound.unavailable': {
    id: '⚠️ Maaf, sistem sedang mengalami gangguan. Pesan Anda belum diproses; silakan kirim ulang beberapa saat lagi.',
    en: '⚠️ Sorry, the system is having trouble. Your message was not processed; please send it again in a moment.',
  },
  // Status text (src/app/context.ts).
  'status.phase': {
    id: '📋 {seleksi}\nTahap: {phase}',
    en: '📋 {seleksi}\nPhase: {phase}',
  },
  'status.officer': {
    id: 'Nominasi {region}: {count} terkirim{list}',
    en: 'Nominations of {region}: {count} submitted{list}',
  },
  'status.juror': {
    id: 'Penilaian: {done} dari {total} sudah dinilai{recused}',
    en: 'Scoring: {done} of {total} scored{recused}',
  },
  'status.juror.recused': {
    id: ', {count} mengundurkan diri',
    en: ', {count} recused',
  },
  'status.pending': {
    id: '⏳ {count} kiriman sedang diproses.',
    en: '⏳ {count} submissions being processed.',
  },
  'status.unregistered': {
    id: 'Chat ini belum terdaftar. Kirim *DAFTAR <kode undangan>* untuk mendaftar.',
    en: 'This chat is not registered yet. Send *DAFTAR <invite code>* to register.',
  },
  // Results (`hasil`, src/app/results.ts).
  'result.pending': {
    id: 'Hasil belum diumumkan.',
    en: 'Results have not been announced yet.',
  },
  'result.pending.date': {
    id: 'Hasil belum diumumkan. Perkiraan pengumuman: {date}.',
    en: 'Results have not been announced yet. Expected: {date}.',
  },
  'result.heading': { id: 'Hasil {seleksi}', en: 'Results of {seleksi}' },
  'result.line': {
    id: '{number} — {name}: peringkat {rank} dari {of}, nilai {score}{award}',
    en: '{number} — {name}: rank {rank} of {of}, score {score}{award}',
  },
  'result.line.flagged': {
    id: '{number} — {name}: tidak diperingkat (dinilai oleh terlalu sedikit juri)',
    en: '{number} — {name}: not ranked (scored by too few jurors)',
  },
  'result.officer': { id: 'Nominasi kabupaten/kota Anda:', en: 'Your kabupaten/kota’s nominees:' },
  'result.none.mine': {
    id: 'Tidak ada nominasi kabupaten/kota Anda dalam peringkat.',
    en: 'None of your kabupaten/kota’s nominees is in the ranking.',
  },
  'result.nominee': { id: 'Hasil Anda: {line}', en: 'Your result: {line}' },
  'result.criteria': { id: 'Rata-rata per kriteria: {means}', en: 'Mean per criterion: {means}' },
  'result.top': { id: '{category} — {n} teratas:', en: '{category} — top {n}:' },
  'channel.flood': {
    id: '🐢 Pesan Anda terlalu cepat. Mohon tunggu sebentar, lalu kirim lagi.',
    en: '🐢 You are sending messages too fast. Please wait a moment, then send again.',
  },
  'channel.error': {
    id: '⚠️ Maaf, terjadi gangguan saat memproses pesan Anda. Silakan kirim ulang sebentar lagi.',
    en: '⚠️ Sorry, something went wrong while handling your message. Please send it again shortly.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type TextKey = keyof typeof TEXTS;

/** The text for key in locale, with {name} placeholders filled from vars. */
export function t(key: TextKey, locale: Locale, vars: Record<string, string | number> = {}): string {
  return fill(TEXTS[key][locale] ?? TEXTS[key].id, vars);
}

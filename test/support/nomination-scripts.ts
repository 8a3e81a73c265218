/**
 * Scripted answers of the end-to-end conversations, shared by the Telegram and WhatsApp tests: an
 * officer nominating a TKSK candidate of Tabalong under examples/kalsel-2026.yaml (with bad inputs on
 * the way; TKSK's own questions, 3 photos — "selesai" after fewer is refused —, the SK penugasan and
 * the declarations) and a juror scoring or recusing. `press` is a button on Telegram and the option's number on WhatsApp.
 */
import type { Rule } from './chat-driver.ts';

/** An officer's answers for a TKSK nominee of their kabupaten/kota, by the bot's prompt. */
export function officerRulesFor(nominee: { name: string; kecamatan: string; desa: string }): Rule[] {
  return [
    // First: the summary repeats every label below.
    { when: /Periksa nominasi sebelum dikirim/, say: { press: 'Kirim' } },
    { when: /Kategori pilar sosial/, say: { press: 'TKSK' } },
    { when: /Nama lengkap calon/, say: nominee.name },
    { when: /NIK \(16 digit/, say: ['63090112', '6309011203850001'] },
    { when: /Tempat lahir/, say: 'Tanjung' },
    { when: /Tanggal lahir/, say: '12-03-1985' },
    // A sticker where a choice is expected first, then the button.
    { when: /Jenis kelamin/, say: [{ sticker: true }, { press: 'Laki-laki' }] },
    { when: /Pendidikan terakhir/, say: { press: 'Sarjana' } },
    { when: /Pekerjaan/, say: 'Wiraswasta' },
    // A wrong phone number first.
    { when: /Nomor HP\/WhatsApp calon/, say: ['0812', '0812-3456-7890'] },
    { when: /Kecamatan \(ketik/, say: nominee.kecamatan },
    { when: /Desa\/kelurahan \(ketik/, say: nominee.desa },
    { when: /Alamat lengkap/, say: 'Jl. Tanjung Raya RT 03 RW 01' },
    { when: /bukti terdaftar/, say: 'SK-TKSK/2025/017' },
    // An out-of-range year first.
    { when: /Aktif sebagai pilar sosial sejak/, say: ['1800', '2015'] },
    { when: /Kecamatan penugasan/, say: nominee.kecamatan },
    { when: /Kirim dokumen wajib: SK penugasan/, say: { document: 'DOK-SK-PENUGASAN', fileName: 'sk.pdf' } },
    { when: /Nomor SK penugasan TKSK/, say: '460/123/DINSOS/2026' },
    { when: /Tahun pertama bertugas/, say: '2015' },
    {
      when: /Uraikan kegiatan dan tugas pokok/,
      say: 'Pendataan PPKS di 8 desa dan pendampingan bansos setiap bulan.',
    },
    { when: /Kerja sama dan jejaring/, say: 'Menggerakkan CSR bank daerah dan 5 desa untuk bedah rumah.' },
    { when: /Inovasi:/, say: 'Aplikasi Sahabat PPKS sejak 2023, menjangkau 1.200 penerima manfaat.' },
    // One photo at a time, "selesai" after each: refused until the third (TKSK: min_photos 3).
    {
      when: /Kirim foto dokumentasi/,
      say: [
        { photo: 'FOTO-KEGIATAN-1', caption: 'Pendataan PPKS' },
        { photo: 'FOTO-KEGIATAN-2' },
        { photo: 'FOTO-KEGIATAN-3' },
      ],
    },
    { when: /Pernyataan:/, say: { press: 'Ya' } },
    { when: /Kirim dokumen pendukung/, say: { document: 'DOK-REKOMENDASI', fileName: 'rekomendasi.pdf' } },
    { when: /(selesai|lanjut).*(foto|dokumen)|(foto|dokumen).*(selesai|lanjut)/i, say: 'selesai' },
    { when: /Sedang diproses/, say: null },
  ];
}

/** The officer's answers, by the bot's prompt: Ahmad Fauzi of Tabalong. */
export const officerRules: Rule[] = officerRulesFor({
  name: 'Ahmad Fauzi',
  kecamatan: 'Murung Pudak',
  desa: 'Masukau',
});

/**
 * The juror's answers; `pick` is the nominee button, `action` what to do with them, `scores` the
 * criterion scores in turn (by default an out-of-range one first).
 */
export function jurorRules(
  pick: string,
  action: string,
  scores: string[] = ['150', '85', '78', '90', '70', '88'],
): Rule[] {
  return [
    { when: /Periksa penilaian Anda sebelum dikirim|Periksa .* sebelum dikirim/, say: { press: 'Kirim' } },
    { when: /Sedang diproses/, say: null },
    { when: /Pilih calon yang akan dinilai/, say: { press: pick } },
    { when: /Apa yang akan Anda lakukan/, say: { press: action } },
    { when: /Kriteria \d+ dari \d+/, say: scores },
    { when: /Komentar untuk calon ini/, say: 'Inovasi kuat, dokumentasi lengkap.' },
    { when: /alasan Anda mundur/, say: 'Calon adalah kerabat dekat saya.' },
  ];
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Real files (the console refuses a missing one), written here: `media/` folders are git-ignored.
const MEDIA = join(tmpdir(), `seleksi-console-media-${process.pid}`);
mkdirSync(MEDIA, { recursive: true });
/** An image for /foto (the console checks the extension). */
const PHOTO = join(MEDIA, 'kegiatan.jpg');
writeFileSync(PHOTO, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9]));
/** A PDF for the required SK penugasan. */
const SK_PDF = join(MEDIA, 'sk-penugasan.pdf');
writeFileSync(SK_PDF, '%PDF-1.4\n%%EOF\n');

/**
 * A TKSK nomination of Tabalong as typed in `seleksi chat`, for the example seleksi
 * (examples/kalsel-2026.yaml, categories PSM, TKSK, ...). Each entry is the answer and a pattern
 * of the question it answers, so tests can drive it step by step and know where they are.
 */
export const TKSK_NOMINATION: { expect: RegExp; say: string }[] = [
  { expect: /Apa yang ingin Anda lakukan|Ketik salah satu|Selamat datang/, say: 'nominasi' },
  { expect: /Kategori pilar sosial/, say: '2' },
  { expect: /Nama lengkap calon/, say: 'Siti Aminah' },
  { expect: /NIK \(16 digit/, say: '6309015203800001' },
  { expect: /Tempat lahir/, say: 'Tanjung' },
  { expect: /Tanggal lahir/, say: '12-03-1980' },
  { expect: /Jenis kelamin/, say: '2' },
  { expect: /Pendidikan terakhir/, say: '3' },
  { expect: /Pekerjaan/, say: 'Wiraswasta' },
  { expect: /Nomor HP\/WhatsApp/, say: '0812-3456-7890' },
  { expect: /Kecamatan \(ketik namanya/, say: 'Tanjung' },
  { expect: /Desa\/kelurahan \(ketik namanya/, say: 'Tanjung' },
  { expect: /Alamat lengkap/, say: 'Jl. Pahlawan RT 03' },
  { expect: /Nomor bukti terdaftar/, say: 'SK-123/2020' },
  { expect: /Aktif sebagai pilar sosial sejak/, say: '2015' },
  // TKSK's own questions, from the example definition.
  { expect: /Kecamatan penugasan/, say: 'Tanjung' },
  { expect: /Nomor SK penugasan TKSK/, say: 'SK-45/TKSK/2026' },
  { expect: /Tahun pertama bertugas/, say: '2016' },
  {
    expect: /tugas pokok calon/,
    say: 'Melakukan pemetaan PMKS di 12 desa dan penyuluhan sosial setiap bulan.',
  },
  {
    expect: /Kerja sama dan jejaring/,
    say: 'Menggerakkan CSR bank daerah untuk bedah rumah 10 keluarga miskin.',
  },
  {
    expect: /Inovasi: judul/,
    say: 'Program Lumbung Sosial: gudang pangan desa sejak 2022, 300 penerima manfaat.',
  },
  { expect: /Kirim foto dokumentasi/, say: `/foto ${PHOTO} Penyuluhan di Desa Jaro` },
  // TKSK asks for 3 photos and the SK penugasan (min_photos, required_documents).
  { expect: /Foto ke-1 diterima/, say: `/foto ${PHOTO}` },
  { expect: /Foto ke-2 diterima/, say: `/foto ${PHOTO}` },
  { expect: /Foto ke-3 diterima/, say: 'selesai' },
  { expect: /Kirim dokumen wajib: SK penugasan/, say: `/dokumen ${SK_PDF}` },
  { expect: /Dokumen ke-1 diterima/, say: 'selesai' },
  { expect: /Kirim dokumen pendukung/, say: 'lewati' },
  { expect: /Pernyataan: Calon terdaftar/, say: 'ya' },
  { expect: /Pernyataan: Calon tidak memiliki hubungan/, say: 'ya' },
  { expect: /Ringkasan jawaban/, say: 'kirim' },
];

import { join } from 'node:path';

const MEDIA = join(import.meta.dirname, '..', 'fixtures', 'media');
/** A real image (the console refuses a missing file). */
const PHOTO = join(MEDIA, 'kegiatan.jpg');
/** A PDF for the required SK penugasan. */
const SK_PDF = join(MEDIA, 'surat.pdf');

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

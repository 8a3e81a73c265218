import type { SessionState } from '../../../src/flow-engine/api.ts';
import { type CtxOptions, contextFor, jurorNominees, OWN_NOMINATION, type ScriptInput } from './fixture.ts';

/** A scripted conversation: who talks, in which language, and what they send. */
export interface Script {
  who: 'officer' | 'juror' | 'unregistered';
  options?: CtxOptions;
  inputs: ScriptInput[];
  initial?: SessionState;
}

const photo = (fileRef: string, caption?: string): ScriptInput => ({
  type: 'media',
  kind: 'photo',
  fileRef,
  mimeType: 'image/jpeg',
  ...(caption ? { caption } : {}),
});
const pdf = (fileRef: string): ScriptInput => ({
  type: 'media',
  kind: 'document',
  fileRef,
  mimeType: 'application/pdf',
  fileName: `${fileRef}.pdf`,
});
const button = (value: string, token = '$last'): ScriptInput => ({ type: 'choice', value, token });

/** The TKSK nomination answers after the identity block, in order. */
const TKSK_TAIL_ID = [
  'Jl. Jaro Raya RT 02',
  'SK Bupati 460/12/2024',
  '2010',
  'SK Mensos 12/HUK/2026',
  '2010',
  'Pendataan PMKS di 12 desa dan pendampingan keluarga PKH.',
  'Bekerja sama dengan CSR Adaro dan BRI untuk bedah rumah.',
  'Lumbung pangan desa untuk lansia terlantar, 40 penerima.',
];

export const SCRIPTS: Record<string, Script> = {
  // The "done when" path: TKSK nomination with a mistyped phone, kembali once and one
  // answer changed at the summary.
  'nomination-tksk-id': {
    who: 'officer',
    inputs: [
      'halo',
      'nominasi',
      'TKSK',
      'Budi Santoso',
      '6309011203850001',
      'Tanjung',
      '12-03-1985',
      'Laki-laki',
      '3',
      'Wiraswasta',
      '0812-345',
      'kembali',
      '-',
      '0812 5123 4567',
      'jaro',
      'purui',
      ...TKSK_TAIL_ID,
      photo('photo-1', 'Bedah rumah warga Purui'),
      photo('photo-2'),
      'selesai',
      pdf('rekomendasi'),
      button('done'),
      '2',
      '2',
      'Budi Santoso, S.Sos.',
      '1',
    ],
  },
  'nomination-tksk-en': {
    who: 'officer',
    options: { locale: 'en' },
    inputs: [
      'nominasi',
      '2',
      'Budi Santoso',
      '6309011203850001',
      'Tanjung',
      '1985-03-12',
      'Male',
      'Senior high school',
      'skip',
      '+62 812 5123 4567',
      'Jaro',
      'Purui',
      ...TKSK_TAIL_ID,
      photo('photo-1'),
      'done',
      '-',
      'submit',
    ],
  },
  'nomination-karang-taruna-id': {
    who: 'officer',
    inputs: [
      'nominasi',
      '3',
      'Karang Taruna Tunas Harapan',
      'Ahmad Rizani',
      '6281251234567',
      'tanjung',
      'agung',
      'Jl. Basuki Rahmat',
      'Tanda daftar 12/2019',
      '2016',
      'SK Lurah 07/2024, masa bakti 2024-2029',
      '45',
      'maju',
      '320',
      'Kegiatan sosial rutin, posyandu remaja dan bank sampah.',
      'Kemitraan dengan Pertamina dan Dinas Pemuda untuk pelatihan.',
      'Bank sampah digital yang mendanai kegiatan pemuda desa.',
      photo('kt-1'),
      'selesai',
      'selesai',
      'kirim',
    ],
  },
  // Every kind of bad input, each answered with a reason and the same question again.
  'bad-inputs-id': {
    who: 'officer',
    inputs: [
      'nominasi',
      { type: 'sticker' },
      '9',
      '1',
      '',
      'x'.repeat(10_000),
      'Ny',
      photo('selfie'),
      '/hapus',
      'Nyai Aminah',
      '63090112',
      '6309011203850002',
      'Tanjung',
      '1985/13/40',
      '30-02-1990',
      '01-01-2030',
      '1990-12-31',
      'bantuan',
      '3',
      'pendidikan tinggi',
      '2',
      '4',
      '-',
      '12345',
      '0712345678',
      '08123',
      '0812345678901234',
      'abc',
      { type: 'contact', phone: '+62 813-4444-5555', name: 'Nyai' },
      'Tanjong',
      'muara',
      'kembali',
      'jaro',
      'sol',
      photo('desa'),
      '2',
      'kembali',
      'status',
      button('1', 'nomination:1'),
      '/bahasa',
      'Lano',
      'bahasa',
      { type: 'location', latitude: -2.1, longitude: 115.4 },
      { type: 'unsupported', what: 'poll' },
      'batal',
      'kembali',
    ],
  },
  'nomination-edit-id': {
    who: 'officer',
    options: { myNominations: [OWN_NOMINATION] },
    inputs: [
      '/nominasi',
      '2',
      '2',
      '9',
      '99',
      '0813 4444 5555',
      'ubah 17',
      'Pendataan PMKS di 14 desa dan pendampingan keluarga PKH.',
      'ya',
    ],
  },
  'nomination-not-allowed-id': {
    who: 'officer',
    options: {
      nominate: {
        id: 'Tahap nominasi sudah ditutup pada 30 Juni 2026.',
        en: 'The nomination phase closed on 30 June 2026.',
      },
    },
    inputs: ['nominasi', 'nilai', 'hasil'],
  },
  'scoring-id': {
    who: 'juror',
    inputs: [
      'halo',
      'nilai',
      '1',
      '1',
      '80',
      '101',
      'delapan puluh',
      '75',
      'kembali',
      '76',
      '90',
      '0',
      '70',
      '60',
      'Inovasi kuat, data lengkap.',
      'ubah',
      '3',
      '85',
      button('submit'),
    ],
  },
  'scoring-en': {
    who: 'juror',
    options: { locale: 'en' },
    inputs: [
      '/nilai',
      '2',
      'Score this nominee',
      '70',
      '72',
      '88',
      '65',
      '80',
      '-',
      'edit 8',
      'Good field work.',
      'yes',
    ],
  },
  'scoring-recuse-id': {
    who: 'juror',
    inputs: ['nilai', '2', '2', 'abc', 'Calon adalah saudara sepupu saya.', 'kirim'],
  },
  'scoring-all-done-id': {
    who: 'juror',
    options: { jurorNominees: jurorNominees().map((n) => ({ ...n, scored: true })) },
    inputs: ['nilai', 'status'],
  },
  'scoring-not-for-officer-id': {
    who: 'officer',
    inputs: ['nilai', 'menu', '5'],
  },
  'registration-id': {
    who: 'unregistered',
    inputs: ['halo', 'nominasi', 'ab!', 'AB12CD', 'DAFTAR XY34ZW'],
  },
  'registration-en': {
    who: 'unregistered',
    options: { locale: 'en' },
    inputs: ['/start', 'help', 'AB12CD'],
  },
  'results-id': {
    who: 'officer',
    inputs: ['hasil', 'nominasi', 'hasil', 'batal'],
  },
  'results-published-en': {
    who: 'juror',
    options: {
      locale: 'en',
      result: {
        id: 'Hasil diumumkan: lihat peringkat lengkap di dinsos.kalselprov.go.id.',
        en: 'Results are out: see the full ranking at dinsos.kalselprov.go.id.',
      },
    },
    inputs: ['/hasil'],
  },
  // A session saved under an older version of the nomination flow restarts with a notice.
  'flow-version-restart-id': {
    who: 'officer',
    initial: {
      schemaVersion: 1,
      locale: 'id',
      active: {
        flowId: 'nomination',
        flowVersion: 0,
        pos: 3,
        sub: 0,
        answers: { target: 'new', kategori: 'TKSK', nama: 'Budi' },
        history: [],
        review: false,
        seq: 3,
        pending: null,
        nominationId: null,
      },
    },
    inputs: ['6309011203850001'],
  },
  'corrupt-state-id': {
    who: 'officer',
    initial: { schemaVersion: 1, locale: 'id', active: { flowId: 'nomination', pos: 'x' } },
    inputs: ['1'],
  },
};

export function scriptContext(script: Script) {
  return contextFor(script.who, script.options);
}

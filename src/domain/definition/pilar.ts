/**
 * The known pilar categories (Potensi dan Sumber Kesejahteraan Sosial, PSKS). Permensos 08/2012
 * lists twelve; LKSA (LKS Anak) is the children's-home form of LKS that provinces select apart.
 * Data, not code: a definition file may only use these codes, so a typo ("TKKS") fails early.
 */
export interface PilarInfo {
  code: string;
  nameId: string;
  nameEn: string;
  subject: 'person' | 'organisation';
}

export const KNOWN_PILAR: readonly PilarInfo[] = [
  {
    code: 'PEKSOS',
    nameId: 'Pekerja Sosial Profesional',
    nameEn: 'Professional Social Worker',
    subject: 'person',
  },
  { code: 'PSM', nameId: 'Pekerja Sosial Masyarakat', nameEn: 'Community Social Worker', subject: 'person' },
  {
    code: 'TAGANA',
    nameId: 'Taruna Siaga Bencana',
    nameEn: 'Disaster Preparedness Cadet',
    subject: 'person',
  },
  {
    code: 'LKS',
    nameId: 'Lembaga Kesejahteraan Sosial',
    nameEn: 'Social Welfare Institution',
    subject: 'organisation',
  },
  {
    code: 'LKSA',
    nameId: 'Lembaga Kesejahteraan Sosial Anak',
    nameEn: "Children's Social Welfare Institution",
    subject: 'organisation',
  },
  {
    code: 'KARANG_TARUNA',
    nameId: 'Karang Taruna',
    nameEn: 'Youth Organisation (Karang Taruna)',
    subject: 'organisation',
  },
  {
    code: 'LK3',
    nameId: 'Lembaga Konsultasi Kesejahteraan Keluarga',
    nameEn: 'Family Welfare Consultation Institution',
    subject: 'organisation',
  },
  { code: 'KELUARGA_PIONIR', nameId: 'Keluarga Pionir', nameEn: 'Pioneer Family', subject: 'person' },
  {
    code: 'WKSBM',
    nameId: 'Wahana Kesejahteraan Sosial Berbasis Masyarakat',
    nameEn: 'Community-Based Social Welfare Forum',
    subject: 'organisation',
  },
  {
    code: 'WPKS',
    nameId: 'Wanita Pemimpin Kesejahteraan Sosial',
    nameEn: 'Women Leaders in Social Welfare',
    subject: 'person',
  },
  {
    code: 'PENYULUH_SOSIAL',
    nameId: 'Penyuluh Sosial',
    nameEn: 'Social Extension Worker',
    subject: 'person',
  },
  {
    code: 'TKSK',
    nameId: 'Tenaga Kesejahteraan Sosial Kecamatan',
    nameEn: 'Sub-district Social Welfare Worker',
    subject: 'person',
  },
  { code: 'DUNIA_USAHA', nameId: 'Dunia Usaha', nameEn: 'Business Sector (CSR)', subject: 'organisation' },
];

/** Codes of KNOWN_PILAR, for lookups. */
export const KNOWN_PILAR_CODES: ReadonlySet<string> = new Set(KNOWN_PILAR.map((p) => p.code));

import type { PrismaClient } from '../../src/db/client.ts';

/**
 * A small seleksi for app-layer tests, without loading the whole region list: Kalimantan Selatan
 * with Tabalong (two kecamatan, three desa) and Banjar, one TKSK category with two criteria.
 */
export async function seedSmallSeleksi(
  prisma: PrismaClient,
  opts: { phase?: 'DRAFT' | 'NOMINATION' | 'SCORING' | 'CLOSED' | 'PUBLISHED'; code?: string } = {},
) {
  const regions = [
    { code: '63', level: 'PROVINCE', name: 'Kalimantan Selatan', parentCode: null },
    { code: '63.09', level: 'REGENCY', name: 'Kabupaten Tabalong', parentCode: '63' },
    { code: '63.03', level: 'REGENCY', name: 'Kabupaten Banjar', parentCode: '63' },
    { code: '63.09.01', level: 'DISTRICT', name: 'Banua Lawas', parentCode: '63.09' },
    { code: '63.09.11', level: 'DISTRICT', name: 'Jaro', parentCode: '63.09' },
    { code: '63.09.01.2001', level: 'VILLAGE', name: 'Banua Lawas', parentCode: '63.09.01' },
    { code: '63.09.11.2001', level: 'VILLAGE', name: 'Jaro', parentCode: '63.09.11' },
    { code: '63.09.11.2002', level: 'VILLAGE', name: 'Nalui', parentCode: '63.09.11' },
  ] as const;
  await prisma.region.createMany({ data: [...regions], skipDuplicates: true });
  const code = opts.code ?? 'KALSEL-2026';
  const seleksi = await prisma.seleksi.create({
    data: {
      code,
      name: 'Seleksi Pilar Sosial Kalimantan Selatan 2026',
      level: 'PROVINSI',
      regionCode: '63',
      year: 2026,
      phase: opts.phase ?? 'NOMINATION',
      tieBreak: ['criterion:INOVASI'],
      categories: {
        create: [
          {
            code: 'TKSK',
            nameId: 'Tenaga Kesejahteraan Sosial Kecamatan',
            nameEn: 'District Social Welfare Worker',
            criteria: {
              create: [
                {
                  code: 'TUGAS_POKOK',
                  labelId: 'Tugas pokok',
                  labelEn: 'Core duties',
                  weight: 40,
                  min: 1,
                  max: 100,
                  position: 1,
                },
                {
                  code: 'INOVASI',
                  labelId: 'Inovasi',
                  labelEn: 'Innovation',
                  weight: 60,
                  min: 1,
                  max: 100,
                  position: 2,
                },
              ],
            },
          },
          {
            code: 'PSM',
            nameId: 'Pekerja Sosial Masyarakat',
            nameEn: 'Community Social Worker',
            position: 1,
          },
        ],
      },
    },
    include: { categories: true },
  });
  return seleksi;
}

/** Creates an invite and returns its code. */
export async function createInvite(
  prisma: PrismaClient,
  seleksiId: string,
  data: {
    code: string;
    role: 'OFFICER' | 'JUROR' | 'MEMBER' | 'ADMIN';
    regionCode?: string;
    categories?: string[];
    name?: string;
    expiresAt?: Date;
    /** Granted as a second role in the seleksi (`invite --second-role`). */
    secondRole?: boolean;
    noHomeRegionReason?: string;
  },
): Promise<string> {
  await prisma.invite.create({ data: { seleksiId, categories: [], ...data } });
  return data.code;
}

import type { SeleksiContext } from '../../../src/app/flow-steps/context.ts';
import type { Choice } from '../../../src/core/messages.ts';
import { contextFor, derived } from './fixture.ts';

/** Region data for the "did you mean" tests: real desa names, and inputs up to the kecamatan question. */

/** The desa of Kecamatan Murung Pudak (63.09.06) as idn-area-data lists them. */
export const MURUNG_PUDAK: Choice[] = [
  ['63.09.06.1001', 'Belimbing Raya'],
  ['63.09.06.1002', 'Belimbing'],
  ['63.09.06.1003', 'Sulingan'],
  ['63.09.06.1006', "Mabu'un"],
  ['63.09.06.1009', 'Pembataan'],
  ['63.09.06.2004', 'Maburai'],
  ['63.09.06.2005', 'Kasiau'],
  ['63.09.06.2007', 'Kapar'],
  ['63.09.06.2008', 'Masukau'],
  ['63.09.06.2010', 'Kasiau Raya'],
].map(([value, label]) => ({ value: value!, label: label! }));

/** The fixture officer of Kabupaten Tabalong, with the desa of Murung Pudak known too. */
export function officerWithMurungPudak(locale: 'id' | 'en' = 'id'): SeleksiContext {
  const ctx = contextFor('officer', { locale });
  const desaOf = ctx.data.lists.desaOf;
  const lists = {
    ...ctx.data.lists,
    desaOf: (code: string) => (code === '63.09.06' ? MURUNG_PUDAK : desaOf(code)),
  };
  return derived({ ...ctx, data: { ...ctx.data, lists } });
}

/** A PSM nomination up to the kecamatan question. */
export const TO_KECAMATAN = [
  'nominasi',
  '1',
  'Nyai Aminah',
  '6309011203850002',
  'Tanjung',
  '1990-12-31',
  '2',
  '4',
  '-',
  '081234567890',
];

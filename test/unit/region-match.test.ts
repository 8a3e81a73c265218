import { describe, expect, it } from 'vitest';
import {
  matchRegionName,
  normalizeRegionName,
  suggestRegionNames,
  typoDistance,
} from '../../src/domain/region-match.ts';
import { MURUNG_PUDAK } from './flow-engine/region-fixture.ts';

const kalsel = [
  { code: '63.03', name: 'Kabupaten Banjar' },
  { code: '63.09', name: 'Kabupaten Tabalong' },
  { code: '63.71', name: 'Kota Banjarmasin' },
  { code: '63.72', name: 'Kota Banjarbaru' },
];

describe('matchRegionName', () => {
  it('ignores case and the administrative prefix', () => {
    expect(normalizeRegionName('KABUPATEN  Tabalong')).toBe('tabalong');
    expect(matchRegionName('tabalong', kalsel).map((r) => r.code)).toEqual(['63.09']);
    expect(matchRegionName('Kab. Tabalong', kalsel).map((r) => r.code)).toEqual(['63.09']);
  });

  it('prefers an exact name over prefixes, and returns every prefix match when not exact', () => {
    expect(matchRegionName('banjar', kalsel).map((r) => r.code)).toEqual(['63.03']);
    expect(matchRegionName('banjarb', kalsel).map((r) => r.code)).toEqual(['63.72']);
    expect(matchRegionName('kota banjar', kalsel).map((r) => r.code)).toEqual(['63.03']);
    expect(matchRegionName('Banjarm', kalsel)).toHaveLength(1);
    expect(matchRegionName('ban', kalsel)).toHaveLength(3);
  });

  it('accepts an official code and rejects nonsense', () => {
    expect(matchRegionName('63.71', kalsel).map((r) => r.name)).toEqual(['Kota Banjarmasin']);
    expect(matchRegionName('zzz', kalsel)).toEqual([]);
    expect(matchRegionName('   ', kalsel)).toEqual([]);
  });
});

// Real names from idn-area-data: the kecamatan of Kabupaten Tabalong (63.09) and the desa of
// Kecamatan Murung Pudak (63.09.06) and Kecamatan Jaro (63.09.11).
const tabalong = [
  ['63.09.01', 'Banua Lawas'],
  ['63.09.02', 'Kelua'],
  ['63.09.03', 'Tanta'],
  ['63.09.04', 'Tanjung'],
  ['63.09.05', 'Haruai'],
  ['63.09.06', 'Murung Pudak'],
  ['63.09.07', 'Muara Uya'],
  ['63.09.08', 'Muara Harus'],
  ['63.09.09', 'Pugaan'],
  ['63.09.10', 'Upau'],
  ['63.09.11', 'Jaro'],
  ['63.09.12', 'Bintang Ara'],
].map(([code, name]) => ({ code: code!, name: name! }));
/** The desa of Murung Pudak, as the flow-engine tests use them. */
const murungPudak = MURUNG_PUDAK.map((c) => ({ code: c.value, name: c.label }));
const jaro = [
  ['63.09.11.2001', 'Teratau'],
  ['63.09.11.2002', 'Namun'],
  ['63.09.11.2003', 'Jaro'],
  ['63.09.11.2004', 'Solan'],
  ['63.09.11.2005', 'Muang'],
  ['63.09.11.2006', 'Lano'],
  ['63.09.11.2007', 'Purui'],
  ['63.09.11.2008', 'Garagata'],
  ['63.09.11.2009', 'Nalui'],
].map(([code, name]) => ({ code: code!, name: name! }));

const names = (query: string, candidates: readonly { code: string; name: string }[]) =>
  suggestRegionNames(query, candidates).map((c) => c.name);

describe('typoDistance', () => {
  it('counts a missing, extra or wrong letter and two swapped letters as one typo each', () => {
    expect(typoDistance('masukau', 'masukau')).toBe(0);
    expect(typoDistance('masukao', 'masukau')).toBe(1); // wrong letter
    expect(typoDistance('jarro', 'jaro')).toBe(1); // extra
    expect(typoDistance('msukau', 'masukau')).toBe(1); // missing
    expect(typoDistance('msaukau', 'masukau')).toBe(1); // swapped
    expect(typoDistance('masuaku', 'masukau')).toBe(1); // swapped (Levenshtein alone: 2)
    expect(typoDistance('masakao', 'masukau')).toBe(2);
    expect(typoDistance('ab', 'ba')).toBe(1);
    expect(typoDistance('', 'jaro')).toBe(4);
    expect(typoDistance('kasiau', '')).toBe(6);
    expect(typoDistance('tanjong', 'tanta')).toBe(4);
  });
});

describe('suggestRegionNames', () => {
  it('finds the desa a typo away, whatever the typo', () => {
    expect(matchRegionName('Masukao', murungPudak)).toEqual([]);
    expect(suggestRegionNames('Masukao', murungPudak).map((c) => c.code)).toEqual(['63.09.06.2008']);
    for (const typo of ['masukao', 'MSAUKAU', 'Msukau', 'Masukaau', 'Desa Masukao', 'Masukau.'])
      expect(names(typo, murungPudak), typo).toContain('Masukau');
    expect(names('Jarro', jaro)).toEqual(['Jaro']);
    expect(names('Purul', jaro)).toEqual(['Purui']);
    expect(names('Garagta', jaro)).toEqual(['Garagata']);
  });

  it('ranks the closest first, the whole name before a longer one that starts alike', () => {
    expect(names('Kasiao', murungPudak)).toEqual(['Kasiau', 'Kasiau Raya']);
    expect(names('Kasiau Rya', murungPudak)).toEqual(['Kasiau Raya', 'Kasiau']);
    expect(names('Belimbng', murungPudak)).toEqual(['Belimbing', 'Belimbing Raya']);
    expect(names('Mabuun', murungPudak)[0]).toBe("Mabu'un"); // punctuation in the name
  });

  it('matches one word of a longer name, or its first letters typed with a typo', () => {
    expect(names('Pudk', tabalong)).toEqual(['Murung Pudak']);
    expect(names('Murng Pudak', tabalong)).toEqual(['Murung Pudak']);
    expect(names('Bintan Ara', tabalong)).toEqual(['Bintang Ara']);
    expect(names('Kecamatan Tanjong', tabalong)).toEqual(['Tanjung']);
  });

  it('keeps only names within about one typo per four letters, and none for very short queries', () => {
    expect(names('Tanjong', tabalong)).toEqual(['Tanjung']); // not Tanta (4 typos away)
    expect(names('Lana', jaro)).toEqual(['Lano']); // 4 letters: one typo
    expect(names('Lnoa', jaro)).toEqual([]); // 2 typos in 4 letters
    expect(names('Bandung', tabalong)).toEqual(['Tanjung']); // 7 letters: two typos
    expect(names('Surabaya', tabalong)).toEqual([]);
    expect(names('xyz', murungPudak)).toEqual([]);
    expect(names('Ja', jaro)).toEqual([]);
    expect(names('7', jaro)).toEqual([]);
    expect(names('', jaro)).toEqual([]);
  });

  it('returns at most the limit asked for (5 by default)', () => {
    const many = [
      'Sungai Ampar',
      'Sungai Anyar',
      'Sungai Ambar',
      'Sungai Antar',
      'Sungai Andar',
      'Sungai Aspar',
    ].map((name, i) => ({ code: `63.99.0${i}`, name }));
    expect(suggestRegionNames('Sungai Amper', many)).toHaveLength(5);
    expect(suggestRegionNames('Sungai Amper', many, 2).map((c) => c.name)).toEqual([
      'Sungai Ampar',
      'Sungai Ambar',
    ]);
  });
});

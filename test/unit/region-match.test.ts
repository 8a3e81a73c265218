import { describe, expect, it } from 'vitest';
import { matchRegionName, normalizeRegionName } from '../../src/domain/region-match.ts';

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

import { describe, expect, it } from 'vitest';
import { pickRegion } from '../../src/app/invites.ts';

// The kabupaten/kota of Kalimantan Selatan (63) as idn-area-data lists them.
const kalsel = [
  ['63.01', 'Kabupaten Tanah Laut'],
  ['63.02', 'Kabupaten Kotabaru'],
  ['63.03', 'Kabupaten Banjar'],
  ['63.04', 'Kabupaten Barito Kuala'],
  ['63.05', 'Kabupaten Tapin'],
  ['63.06', 'Kabupaten Hulu Sungai Selatan'],
  ['63.07', 'Kabupaten Hulu Sungai Tengah'],
  ['63.08', 'Kabupaten Hulu Sungai Utara'],
  ['63.09', 'Kabupaten Tabalong'],
  ['63.10', 'Kabupaten Tanah Bumbu'],
  ['63.11', 'Kabupaten Balangan'],
  ['63.71', 'Kota Banjarmasin'],
  ['63.72', 'Kota Banjarbaru'],
].map(([code, name]) => ({ code: code!, name: name! }));

const refusal = (query: string, candidates = kalsel) => {
  try {
    pickRegion(query, candidates, 'Provinsi Kalimantan Selatan');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${query} was accepted`);
};

describe('seleksi invite --region with a name that matches nothing', () => {
  it('names the kabupaten/kota a typo away, with their codes', () => {
    expect(refusal('Tabalng')).toBe(
      'wilayah "Tabalng" tidak ada di Provinsi Kalimantan Selatan (no kabupaten/kota named "Tabalng" in Provinsi Kalimantan Selatan); mungkin maksud Anda / did you mean: Kabupaten Tabalong (63.09)',
    );
    expect(refusal('Balanagn')).toMatch(/did you mean: Kabupaten Balangan \(63\.11\)$/);
  });

  it('lists several, closest first, at most five', () => {
    expect(refusal('Hulu Sungei')).toMatch(
      /did you mean: Kabupaten Hulu Sungai Utara \(63\.08\), Kabupaten Hulu Sungai Tengah \(63\.07\), Kabupaten Hulu Sungai Selatan \(63\.06\)$/,
    );
    const many = Array.from({ length: 8 }, (_, i) => ({
      code: `99.0${i}`,
      name: `Kabupaten Sungai Ra${'abcdefgh'[i]}`,
    }));
    const message = refusal('Sungai Rax', many);
    expect(message.split('did you mean: ')[1]!.split(', ')).toHaveLength(5);
  });

  it('keeps the plain refusal when nothing is close', () => {
    expect(refusal('Bandung')).toBe(
      'wilayah "Bandung" tidak ada di Provinsi Kalimantan Selatan (no kabupaten/kota named "Bandung" in Provinsi Kalimantan Selatan)',
    );
  });
});

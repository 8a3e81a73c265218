import { describe, expect, it } from 'vitest';
import { formatNomineeNumber, nextSequence, parseNomineeNumber } from '../../src/domain/numbering.ts';

describe('nominee numbering', () => {
  it('pads the sequence to three digits', () => {
    expect(formatNomineeNumber('KALSEL-2026', 'TKSK', 7)).toBe('KALSEL-2026-TKSK-007');
    expect(formatNomineeNumber('KALSEL-2026', 'TKSK', 1)).toBe('KALSEL-2026-TKSK-001');
  });

  it('keeps sequences above 999 whole', () => {
    expect(formatNomineeNumber('NAS-2026', 'PSM', 1234)).toBe('NAS-2026-PSM-1234');
  });

  it('refuses a zero, negative or fractional sequence', () => {
    expect(() => formatNomineeNumber('X', 'Y', 0)).toThrow(/positive integer/);
    expect(() => formatNomineeNumber('X', 'Y', -2)).toThrow(/positive integer/);
    expect(() => formatNomineeNumber('X', 'Y', 1.5)).toThrow(/positive integer/);
  });

  it('starts at 1 and follows the highest number in use', () => {
    expect(nextSequence(null)).toBe(1);
    expect(nextSequence(undefined)).toBe(1);
    expect(nextSequence(12)).toBe(13);
  });

  it('parses a number whose seleksi code contains dashes', () => {
    expect(parseNomineeNumber('KALSEL-2026-KARANG_TARUNA-012')).toEqual({
      seleksiCode: 'KALSEL-2026',
      categoryCode: 'KARANG_TARUNA',
      seq: 12,
    });
    expect(parseNomineeNumber('garbage')).toBeNull();
    expect(parseNomineeNumber('A-B-000')).toBeNull();
  });

  it('round-trips', () => {
    const n = formatNomineeNumber('JATIM-2027', 'LKS', 45);
    expect(parseNomineeNumber(n)).toEqual({ seleksiCode: 'JATIM-2027', categoryCode: 'LKS', seq: 45 });
  });
});

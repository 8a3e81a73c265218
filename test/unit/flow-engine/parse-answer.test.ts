import { describe, expect, it } from 'vitest';
import {
  parseDate,
  parseDecimal,
  parseInteger,
  parsePhone,
  parseSelectMany,
  parseSelectOne,
} from '../../../src/flow-engine/parse-answer.ts';

const choices = [
  { value: 'L', label: 'Laki-laki' },
  { value: 'P', label: 'Perempuan' },
  { value: 'X', label: 'Lainnya' },
];

describe('answer parsers', () => {
  it('normalises Indonesian mobile numbers to E.164', () => {
    for (const input of [
      '081251234567',
      '0812-5123-4567',
      '+62 812 5123 4567',
      '6281251234567',
      '+62 0812 5123 4567',
    ]) {
      expect(parsePhone(input, 'id'), input).toEqual({ ok: true, value: '+6281251234567' });
    }
  });

  it('explains what is wrong with a phone number', () => {
    const error = (input: string) => {
      const r = parsePhone(input, 'id');
      return r.ok ? '' : r.error;
    };
    expect(error('0812-abc')).toMatch(/hanya boleh berisi angka/);
    expect(error('12345678')).toMatch(/diawali 08, 62 atau \+62/);
    expect(error('0212345678')).toMatch(/diawali 08/);
    expect(error('08123')).toMatch(/terlalu pendek/);
    expect(error('0812345678901234')).toMatch(/terlalu panjang/);
  });

  it('reads dates in three formats and rejects impossible ones', () => {
    for (const input of ['17-08-1980', '17/08/1980', '1980-08-17', '17.8.1980']) {
      expect(parseDate(input, 'id'), input).toEqual({ ok: true, value: '1980-08-17' });
    }
    expect(parseDate('29-02-2024', 'id')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDate('29-02-2023', 'id').ok).toBe(false);
    expect(parseDate('31-04-1990', 'en')).toEqual({
      ok: false,
      error: 'The date 31-04-1990 does not exist.',
    });
    expect(parseDate('kemarin', 'id').ok).toBe(false);
  });

  it('reads dates with the month named, in Indonesian or English, short or long (issue 15)', () => {
    for (const input of [
      '17 Agustus 1980',
      '17 agt 1980',
      '17 Agu 1980',
      '17-8-1980',
      '17 agustus, 1980',
      '17-Agu-1980',
      '17 Aug. 1980',
      '17 August 1980',
      'August 17, 1980',
    ]) {
      expect(parseDate(input, 'id'), input).toEqual({ ok: true, value: '1980-08-17' });
    }
    expect(parseDate('1 Mei 1990', 'id')).toEqual({ ok: true, value: '1990-05-01' });
    expect(parseDate('5 Des 2001', 'id')).toEqual({ ok: true, value: '2001-12-05' });
    expect(parseDate('9 Nop 1975', 'id')).toEqual({ ok: true, value: '1975-11-09' });
    expect(parseDate('31 Juni 1990', 'id')).toEqual({
      ok: false,
      error: 'Tanggal 31 Juni 1990 tidak ada di kalender.',
    });
    expect(parseDate('17 Ju 1980', 'id').ok).toBe(false);
    expect(parseDate('17 Agustusan 1980', 'id').ok).toBe(false);
  });

  it('checks number ranges', () => {
    expect(parseInteger('75', 'id', 1, 100)).toEqual({ ok: true, value: 75 });
    expect(parseInteger('1.250', 'id')).toEqual({ ok: true, value: 1250 });
    expect(parseInteger('101', 'id', 1, 100)).toEqual({ ok: false, error: 'Nilai harus antara 1 dan 100.' });
    expect(parseInteger('7,5', 'id').ok).toBe(false);
    expect(parseDecimal('7,5', 'id')).toEqual({ ok: true, value: 7.5 });
  });

  it('matches options by number, value or text', () => {
    expect(parseSelectOne('2', choices, 'id')).toEqual({ ok: true, value: 'P' });
    expect(parseSelectOne('perempuan', choices, 'id')).toEqual({ ok: true, value: 'P' });
    expect(parseSelectOne('L', choices, 'id')).toEqual({ ok: true, value: 'L' });
    expect(parseSelectOne('4', choices, 'id').ok).toBe(false);
  });

  it("matches an option by either part of a label written 'Maju (advanced)' (issue 15)", () => {
    const classes = [
      { value: 'BERKEMBANG', label: 'Berkembang (developing)' },
      { value: 'MAJU', label: 'Maju (advanced)' },
      { value: 'TKSK', label: 'Tenaga Kesejahteraan Sosial Kecamatan (TKSK)' },
    ];
    expect(parseSelectOne('advanced', classes, 'en')).toEqual({ ok: true, value: 'MAJU' });
    expect(parseSelectOne('Advanced', classes, 'en')).toEqual({ ok: true, value: 'MAJU' });
    expect(parseSelectOne('maju', classes, 'en')).toEqual({ ok: true, value: 'MAJU' });
    expect(parseSelectOne('develop', classes, 'en')).toEqual({ ok: true, value: 'BERKEMBANG' });
    expect(parseSelectOne('tksk', classes, 'en')).toEqual({ ok: true, value: 'TKSK' });
  });

  it('reads several options as "1,3" or "1 3"', () => {
    expect(parseSelectMany('1,3', choices, 'id')).toEqual({ ok: true, value: ['L', 'X'] });
    expect(parseSelectMany('1 3', choices, 'id')).toEqual({ ok: true, value: ['L', 'X'] });
    expect(parseSelectMany('laki-laki, lainnya', choices, 'id')).toEqual({ ok: true, value: ['L', 'X'] });
    expect(parseSelectMany('1,9', choices, 'id').ok).toBe(false);
    expect(parseSelectMany('1,2,3', choices, 'id', 1, 2).ok).toBe(false);
  });
});

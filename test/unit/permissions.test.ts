import { describe, expect, it } from 'vitest';
import {
  type Actor,
  canAdminister,
  canNominate,
  canScore,
  canScoreNominee,
  canSubmitNomination,
  isConflictOfInterest,
  isOwnNomination,
  kabupatenOf,
} from '../../src/domain/permissions.ts';

const officer: Actor = { role: 'OFFICER', regionCode: '63.09', categories: [] };
const juror: Actor = { role: 'JUROR', regionCode: '63.03', categories: ['TKSK'] };

describe('kabupatenOf', () => {
  it('takes the first two parts of a code', () => {
    expect(kabupatenOf('63.09.11.2008')).toBe('63.09');
    expect(kabupatenOf('63.09')).toBe('63.09');
    expect(kabupatenOf('63')).toBeNull();
    expect(kabupatenOf(null)).toBeNull();
  });
});

describe('conflict of interest', () => {
  it('flags a nominee of the juror’s own kabupaten, down to the desa', () => {
    expect(isConflictOfInterest('63.03', '63.03')).toBe(true);
    expect(isConflictOfInterest('63.03.05', '63.03.01.2001')).toBe(true);
  });
  it('does not flag another kabupaten or a province-level juror', () => {
    expect(isConflictOfInterest('63.03', '63.09')).toBe(false);
    expect(isConflictOfInterest('63', '63.09')).toBe(false);
    expect(isConflictOfInterest(null, '63.09')).toBe(false);
  });
});

describe('canNominate', () => {
  it('allows an officer with a kabupaten during nomination', () => {
    expect(canNominate('NOMINATION', officer)).toBeNull();
  });
  it('refuses other roles, unregistered people and officers without a region', () => {
    expect(canNominate('NOMINATION', juror)?.id).toMatch(/Hanya petugas/);
    expect(canNominate('NOMINATION', null)?.en).toMatch(/Only kabupaten/);
    expect(canNominate('NOMINATION', { ...officer, regionCode: '63' })?.id).toMatch(/belum terhubung/);
  });
  it('refuses outside the nomination phase with the phase named', () => {
    expect(canNominate('DRAFT', officer)?.id).toBe('Nominasi belum dibuka (tahap saat ini: persiapan).');
    expect(canNominate('SCORING', officer)?.en).toBe('Nominations are closed (current phase: scoring).');
  });
});

describe('canScore', () => {
  it('allows an assigned juror during scoring', () => {
    expect(canScore('SCORING', juror)).toBeNull();
  });
  it('refuses before and after scoring, other roles and unassigned jurors', () => {
    expect(canScore('NOMINATION', juror)?.id).toMatch(/belum dibuka/);
    expect(canScore('CLOSED', juror)?.id).toMatch(/sudah ditutup/);
    expect(canScore('SCORING', officer)?.id).toMatch(/Hanya tim penilai/);
    expect(canScore('SCORING', { ...juror, categories: [] })?.id).toMatch(/belum ditugaskan/);
  });
});

describe('canScoreNominee', () => {
  it('allows an assigned category from another kabupaten', () => {
    expect(canScoreNominee(juror, { categoryCode: 'TKSK', regionCode: '63.09' })).toBeNull();
  });
  it('refuses unassigned categories and the juror’s own kabupaten', () => {
    expect(canScoreNominee(juror, { categoryCode: 'PSM', regionCode: '63.09' })?.id).toMatch(
      /tidak ditugaskan/,
    );
    expect(canScoreNominee(juror, { categoryCode: 'TKSK', regionCode: '63.03' })?.id).toMatch(/konflik/);
  });
});

describe('canSubmitNomination', () => {
  const cats = ['TKSK', 'PSM'];
  it('allows the officer’s own kabupaten and a known category', () => {
    expect(
      canSubmitNomination('NOMINATION', officer, { categoryCode: 'TKSK', regionCode: '63.09' }, cats),
    ).toBeNull();
  });
  it('refuses another kabupaten, an unknown category and the wrong phase', () => {
    expect(
      canSubmitNomination('NOMINATION', officer, { categoryCode: 'TKSK', regionCode: '63.03' }, cats)?.id,
    ).toMatch(/kabupaten\/kota Anda sendiri/);
    expect(
      canSubmitNomination('NOMINATION', officer, { categoryCode: 'XYZ', regionCode: '63.09' }, cats)?.id,
    ).toMatch(/tidak ada/);
    expect(
      canSubmitNomination('SCORING', officer, { categoryCode: 'TKSK', regionCode: '63.09' }, cats)?.id,
    ).toMatch(/sudah ditutup/);
  });
});

describe('canAdminister', () => {
  const admin = (regionCode: string | null) => ({ role: 'ADMIN' as const, regionCode, categories: [] });
  it('lets admins of the seleksi region, of a containing region or without one run it', () => {
    expect(canAdminister(admin(null), '63')).toBeNull();
    expect(canAdminister(admin('63'), '63')).toBeNull();
    expect(canAdminister(admin('63'), '63.09')).toBeNull();
  });
  it('refuses a kabupaten admin for the province, another province, and non-admins', () => {
    expect(canAdminister(admin('63.09'), '63')).not.toBeNull();
    expect(canAdminister(admin('64'), '63.09')).not.toBeNull();
    expect(canAdminister(admin('6'), '63')).not.toBeNull();
    expect(canAdminister({ role: 'OFFICER', regionCode: '63', categories: [] }, '63')).not.toBeNull();
  });
});

describe('a juror never scores a nominee they nominated, in any role', () => {
  const nominee = { categoryCode: 'TKSK', regionCode: '63.09' };
  it('refuses the nominee the juror submitted or last changed', () => {
    const me: Actor = { ...juror, personId: 'p-1' };
    expect(isOwnNomination('p-1', { ...nominee, submittedById: 'p-1' })).toBe(true);
    expect(isOwnNomination('p-1', { ...nominee, submittedById: 'p-2', updatedById: 'p-1' })).toBe(true);
    expect(canScoreNominee(me, { ...nominee, submittedById: 'p-1' })?.id).toMatch(/ajukan sendiri/);
    expect(canScoreNominee(me, { ...nominee, submittedById: 'p-2', updatedById: null })).toBeNull();
  });
  it('cannot tell without the person or the submitter', () => {
    expect(isOwnNomination(undefined, { ...nominee, submittedById: 'p-1' })).toBe(false);
    expect(canScoreNominee(juror, { ...nominee, submittedById: 'p-1' })).toBeNull();
  });
});

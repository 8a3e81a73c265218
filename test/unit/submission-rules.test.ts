import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.ts';
import { asSubmissionRequest } from '../../src/domain/submission.ts';
import {
  checkNomination,
  checkRecusal,
  checkScoreSheet,
  nominationLimitsOf,
} from '../../src/domain/submission-rules.ts';

const officer: Actor = { role: 'OFFICER', regionCode: '63.09', categories: [] };
const juror: Actor = { role: 'JUROR', regionCode: '63.01', categories: ['TKSK'] };
const criteria = [
  { id: 'c1', code: 'TUGAS_POKOK', min: 1, max: 100 },
  { id: 'c2', code: 'INOVASI', min: 1, max: 100 },
];
const nominee = {
  id: 'n1',
  seleksiId: 's',
  categoryCode: 'TKSK',
  regionCode: '63.09',
  status: 'SUBMITTED' as const,
};
const scores = (a: number, b: number) => [
  { criterionCode: 'TUGAS_POKOK', value: a },
  { criterionCode: 'INOVASI', value: b },
];

describe('nominationLimitsOf', () => {
  it('reads the definition file rule and treats an absent rule as no limit', () => {
    expect(nominationLimitsOf({ max_nominees_per_category_per_region: 1 })).toEqual({
      maxPerCategoryPerRegion: 1,
    });
    expect(nominationLimitsOf({ max_nominees_per_category_per_region: 2 })).toEqual({
      maxPerCategoryPerRegion: 2,
    });
    expect(nominationLimitsOf({})).toEqual({ maxPerCategoryPerRegion: null });
    expect(nominationLimitsOf(null)).toEqual({ maxPerCategoryPerRegion: null });
    expect(nominationLimitsOf({ max_nominees_per_category_per_region: 'x' })).toEqual({
      maxPerCategoryPerRegion: null,
    });
  });
});

describe('checkNomination', () => {
  const base = {
    phase: 'NOMINATION' as const,
    officer,
    categoryCodes: ['TKSK', 'PSM'],
    nomination: { categoryCode: 'TKSK', regionCode: '63.09' },
    sameSlot: [],
    limits: { maxPerCategoryPerRegion: 1 },
  };

  it('accepts the first nominee of a kabupaten', () => {
    expect(checkNomination(base)).toBeNull();
  });

  it('names the reason of each refusal', () => {
    expect(checkNomination({ ...base, phase: 'SCORING' })?.reason).toBe('wrong_phase');
    expect(checkNomination({ ...base, officer: juror })?.reason).toBe('not_allowed');
    expect(
      checkNomination({ ...base, nomination: { categoryCode: 'TKSK', regionCode: '63.01' } })?.reason,
    ).toBe('not_own_region');
    expect(
      checkNomination({ ...base, nomination: { categoryCode: 'LKS', regionCode: '63.09' } })?.reason,
    ).toBe('unknown_category');
    expect(checkNomination({ ...base, sameSlot: [{ id: 'n0' }] })?.reason).toBe('region_quota_reached');
  });

  it('lets an officer edit their own nomination even when the slot is full, but not change its category', () => {
    const edit = { ...base.nomination, editId: 'n1', editOf: nominee };
    expect(checkNomination({ ...base, nomination: edit, sameSlot: [{ id: 'n1' }] })).toBeNull();
    expect(
      checkNomination({ ...base, nomination: { ...edit, categoryCode: 'PSM' }, sameSlot: [{ id: 'n1' }] })
        ?.reason,
    ).toBe('category_change');
    expect(checkNomination({ ...base, nomination: { ...edit, editOf: null } })?.reason).toBe(
      'nomination_not_found',
    );
  });
});

describe('checkScoreSheet', () => {
  const base = {
    phase: 'SCORING' as const,
    juror,
    nominee,
    criteria,
    scores: scores(80, 90),
    recused: false,
  };

  it('accepts a complete sheet within the scale', () => {
    expect(checkScoreSheet(base)).toBeNull();
    expect(checkScoreSheet({ ...base, scores: scores(1, 100) })).toBeNull();
  });

  it('refuses out-of-range, fractional, missing, duplicate and unknown criteria', () => {
    expect(checkScoreSheet({ ...base, scores: scores(0, 90) })?.reason).toBe('score_out_of_range');
    expect(checkScoreSheet({ ...base, scores: scores(80, 101) })?.reason).toBe('score_out_of_range');
    expect(checkScoreSheet({ ...base, scores: scores(80.5, 90) })?.reason).toBe('score_out_of_range');
    expect(checkScoreSheet({ ...base, scores: scores(80, 90).slice(0, 1) })?.reason).toBe('criteria_missing');
    expect(
      checkScoreSheet({ ...base, scores: [...scores(80, 90), { criterionCode: 'INOVASI', value: 3 }] })
        ?.reason,
    ).toBe('duplicate_criterion');
    expect(
      checkScoreSheet({ ...base, scores: [...scores(80, 90), { criterionCode: 'X', value: 3 }] })?.reason,
    ).toBe('unknown_criterion');
  });

  it('refuses the wrong phase, own kabupaten, unassigned category, a recused or withdrawn nominee', () => {
    expect(checkScoreSheet({ ...base, phase: 'CLOSED' })?.reason).toBe('wrong_phase');
    expect(checkScoreSheet({ ...base, juror: { ...juror, regionCode: '63.09.11' } })?.reason).toBe(
      'conflict_of_interest',
    );
    expect(checkScoreSheet({ ...base, juror: { ...juror, categories: ['PSM'] } })?.reason).toBe(
      'category_not_assigned',
    );
    expect(checkScoreSheet({ ...base, recused: true })?.reason).toBe('recused');
    expect(checkScoreSheet({ ...base, nominee: { ...nominee, status: 'WITHDRAWN' } })?.reason).toBe(
      'nominee_not_found',
    );
    expect(checkScoreSheet({ ...base, juror: officer })?.reason).toBe('not_allowed');
  });

  it('gives the refusal in both languages', () => {
    const r = checkScoreSheet({ ...base, scores: scores(80, 101) });
    expect(r?.id).toContain('INOVASI');
    expect(r?.en).toContain('1–100');
  });
});

describe('checkRecusal', () => {
  it('needs a juror of the category in the scoring phase', () => {
    expect(checkRecusal({ phase: 'SCORING', juror, nominee })).toBeNull();
    expect(checkRecusal({ phase: 'NOMINATION', juror, nominee })?.reason).toBe('wrong_phase');
    expect(
      checkRecusal({ phase: 'SCORING', juror: { ...juror, categories: ['PSM'] }, nominee })?.reason,
    ).toBe('category_not_assigned');
    expect(checkRecusal({ phase: 'SCORING', juror, nominee: null })?.reason).toBe('nominee_not_found');
  });
});

describe('a submit effect as the engine carries it (unknown to the engine)', () => {
  it('is taken as a submission request only with a known kind and a payload object', () => {
    const request = { kind: 'RECUSAL', payload: { seleksiId: 's', nominationId: 'n', reason: 'kerabat' } };
    expect(asSubmissionRequest(request)).toBe(request);
    expect(asSubmissionRequest({ kind: 'VOTE', payload: {} })).toBeNull();
    expect(asSubmissionRequest({ kind: 'toString', payload: {} })).toBeNull();
    expect(asSubmissionRequest({ kind: 'NOMINATION' })).toBeNull();
    expect(asSubmissionRequest(null)).toBeNull();
    expect(asSubmissionRequest('NOMINATION')).toBeNull();
  });
});

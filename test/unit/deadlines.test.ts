import { describe, expect, it } from 'vitest';
import {
  type DeadlineFacts,
  deadlineInForce,
  dueReminder,
  dueStep,
  formatDeadline,
  lateRefusal,
  upcomingTimes,
} from '../../src/domain/deadlines.ts';

const H = 3_600_000;
const D = 24 * H;
const t0 = Date.parse('2026-06-01T00:00:00+08:00');
const facts: DeadlineFacts = {
  nominationOpensAt: new Date(t0),
  nominationClosesAt: new Date(t0 + 30 * D),
  scoringClosesAt: new Date(t0 + 50 * D),
  reminderDaysBefore: [3, 1],
  timezone: '+08:00',
};
const at = (ms: number) => new Date(t0 + ms);

describe('scheduled phase changes', () => {
  it('opens nomination from nomination_opens while the window is open, never after it closed', () => {
    expect(dueStep('DRAFT', null, facts, at(-1))).toBeNull();
    expect(dueStep('DRAFT', null, facts, at(0))).toMatchObject({
      to: 'NOMINATION',
      deadline: 'nomination_opens',
    });
    expect(dueStep('DRAFT', null, facts, at(30 * D + 1))).toBeNull();
  });
  it('closes a phase at its deadline when it was opened before it', () => {
    expect(dueStep('NOMINATION', at(0), facts, at(30 * D - 1))).toBeNull();
    expect(dueStep('NOMINATION', at(0), facts, at(30 * D))).toMatchObject({
      to: 'SCORING',
      deadline: 'nomination_closes',
    });
    expect(dueStep('SCORING', at(31 * D), facts, at(50 * D))).toMatchObject({
      to: 'CLOSED',
      deadline: 'scoring_closes',
    });
  });
  it('leaves a phase opened after its deadline (or by no recorded change) to the admin', () => {
    expect(deadlineInForce('NOMINATION', at(31 * D), facts)).toBeNull();
    expect(dueStep('NOMINATION', at(31 * D), facts, at(40 * D))).toBeNull();
    expect(dueStep('NOMINATION', null, facts, at(40 * D))).toBeNull();
    expect(dueStep('CLOSED', at(0), facts, at(60 * D))).toBeNull();
  });
});

describe('reminders', () => {
  it('is due from each offset until the deadline, the nearest offset when several came', () => {
    expect(dueReminder('NOMINATION', at(0), facts, at(26 * D))).toBeNull();
    expect(dueReminder('NOMINATION', at(0), facts, at(27 * D))).toMatchObject({ daysBefore: 3 });
    expect(dueReminder('NOMINATION', at(0), facts, at(29 * D + H))).toMatchObject({
      deadline: 'nomination_closes',
      daysBefore: 1,
    });
    expect(dueReminder('NOMINATION', at(0), facts, at(30 * D))).toBeNull();
    expect(dueReminder('SCORING', at(30 * D), facts, at(49 * D))).toMatchObject({
      deadline: 'scoring_closes',
    });
  });
  it('wakes the scheduler at the deadline and at each reminder time still ahead', () => {
    expect(upcomingTimes('NOMINATION', at(0), facts, at(28 * D)).map((d) => d.getTime() - t0)).toEqual([
      30 * D,
      29 * D,
    ]);
    expect(upcomingTimes('DRAFT', null, facts, at(-D)).map((d) => d.getTime() - t0)).toEqual([0]);
  });
});

describe('a submission after its deadline', () => {
  it('is refused with the time it closed, in the definition’s zone', () => {
    expect(formatDeadline(facts.nominationClosesAt!, '+08:00')).toBe('2026-07-01 00:00 WITA');
    expect(formatDeadline(new Date('2026-06-30T16:59:00Z'), '+07:00')).toBe('2026-06-30 23:59 WIB');
    expect(formatDeadline(new Date('2026-06-30T16:59:00Z'), '+05:30')).toBe('2026-06-30 22:29 UTC+05:30');
    expect(lateRefusal('NOMINATION', 'NOMINATION', at(0), facts, at(30 * D))).toBeNull();
    expect(lateRefusal('NOMINATION', 'NOMINATION', at(0), facts, at(30 * D + 1))).toEqual({
      id: 'Batas waktu nominasi sudah lewat (ditutup 2026-07-01 00:00 WITA).',
      en: 'The nomination deadline has passed (closed 2026-07-01 00:00 WITA).',
    });
    expect(lateRefusal('SCORE_SHEET', 'SCORING', at(30 * D), facts, at(51 * D))?.id).toMatch(
      /penilaian sudah lewat/,
    );
    // Opened after the deadline by an admin: not refused for lateness.
    expect(lateRefusal('NOMINATION', 'NOMINATION', at(31 * D), facts, at(32 * D))).toBeNull();
  });
});

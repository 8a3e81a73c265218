import { describe, expect, it } from 'vitest';
import { checkBatch } from '../../src/app/submissions/check.ts';
import type { BatchFacts, SubmissionRow } from '../../src/db/submission-rows.ts';

const SELEKSI = 'sel-1';
const JUROR = 'juror-1';

function row(id: string, kind: SubmissionRow['kind'], payload: unknown, personId = JUROR): SubmissionRow {
  return {
    id,
    kind,
    seleksi_id: SELEKSI,
    person_id: personId,
    channel: 'CONSOLE',
    external_id: 'chat',
    payload,
    status: 'PENDING',
    outcome: null,
    result_ref: null,
    error: null,
    confirmed: false,
    created_at: '2026-11-23T10:00:00',
    locale: 'id',
    phase: 'SCORING',
    phase_opened_ms: null,
    created_ms: Date.parse('2026-11-23T10:00:00Z'),
  };
}

const facts: BatchFacts = {
  seleksis: [
    {
      id: SELEKSI,
      code: 'KALSEL',
      phase: 'SCORING',
      rules: {},
      nomination_opens_ms: null,
      nomination_closes_ms: null,
      scoring_closes_ms: null,
      definition: {},
    },
  ],
  memberships: [
    { person_id: JUROR, seleksi_id: SELEKSI, role: 'JUROR', region_code: '63.09', categories: ['TKSK'] },
  ],
  nominees: [
    {
      id: 'nom-1',
      seleksi_id: SELEKSI,
      category_id: 'cat-1',
      category_code: 'TKSK',
      region_code: '63.02',
      number: 'KALSEL-TKSK-001',
      status: 'SUBMITTED',
      submitted_by_id: 'officer',
      updated_by_id: null,
    },
  ],
  recusals: [],
  criteria: [
    { id: 'crit-b', code: 'B', min: 1, max: 10, category_id: 'cat-1' },
    { id: 'crit-a', code: 'A', min: 1, max: 10, category_id: 'cat-1' },
  ],
};

const sheet = (a: number, b: number, nominationId = 'nom-1', seleksiId = SELEKSI) => ({
  seleksiId,
  nominationId,
  scores: [
    { criterionCode: 'A', value: a },
    { criterionCode: 'B', value: b },
  ],
});

describe('checkBatch (no database)', () => {
  it('refuses bad payloads, other seleksis and unknown nominees, and passes the rest on', () => {
    const checked = checkBatch(
      [
        row('bad', 'SCORE_SHEET', { seleksiId: SELEKSI }),
        row('other', 'SCORE_SHEET', sheet(1, 2, 'nom-1', 'sel-2')),
        row('unknown', 'SCORE_SHEET', sheet(1, 2, 'nom-x')),
        row('range', 'SCORE_SHEET', sheet(1, 11)),
        row('ok', 'SCORE_SHEET', sheet(3, 4)),
      ],
      facts,
    );
    expect(checked.refused.map((r) => [r.row.id, r.rejection.reason])).toEqual([
      ['bad', 'invalid_payload'],
      ['other', 'seleksi_mismatch'],
      ['unknown', 'nominee_not_found'],
      ['range', 'score_out_of_range'],
    ]);
    expect(checked.sheets.map((s) => s.rows.map((r) => r.id))).toEqual([['ok']]);
    // Scores by criterion id, in id order (the order the bulk upsert takes the locks in).
    expect(checked.sheets[0]!.scores).toEqual([
      { criterionId: 'crit-a', value: 3 },
      { criterionId: 'crit-b', value: 4 },
    ]);
  });

  it('merges repeated sheets of one juror for one nominee: the later one wins, both rows are answered', () => {
    const checked = checkBatch(
      [row('first', 'SCORE_SHEET', sheet(1, 1)), row('second', 'SCORE_SHEET', sheet(9, 9))],
      facts,
    );
    expect(checked.refused).toEqual([]);
    expect(checked.sheets).toHaveLength(1);
    expect(checked.sheets[0]!.rows.map((r) => r.id)).toEqual(['first', 'second']);
    expect(checked.sheets[0]!.scores.map((s) => s.value)).toEqual([9, 9]);
  });

  it('refuses rows of a seleksi it has no facts for, and leaves nominations to their writer', () => {
    const stranger = {
      ...row('lost', 'RECUSAL', { seleksiId: 'sel-9', nominationId: 'nom-1', reason: 'x' }),
    };
    stranger.seleksi_id = 'sel-9';
    const nomination = row(
      'nom',
      'NOMINATION',
      {
        seleksiId: SELEKSI,
        categoryCode: 'TKSK',
        regionCode: '63.02',
        nomineeName: 'Calon',
        answers: {},
        attachments: [],
      },
      'officer',
    );
    const checked = checkBatch([stranger, nomination], facts);
    expect(checked.refused.map((r) => [r.row.id, r.rejection.reason])).toEqual([
      ['lost', 'seleksi_not_found'],
    ]);
    expect(checked.nominations.map((n) => n.row.id)).toEqual(['nom']);
  });
});

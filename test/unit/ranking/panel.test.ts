/** Who was expected to score whom: recusals and conflicts of interest, missing and in-flight sheets. */
import { describe, expect, it } from 'vitest';
import {
  exclusionOf,
  jurorNumbers,
  missingSheets,
  type PanelJuror,
  type SheetFacts,
} from '../../../src/domain/ranking/index.ts';

const jurors: PanelJuror[] = [
  { personId: 'p-ani', name: 'Ani', homeRegion: '63.09', categories: ['TKSK'] },
  { personId: 'p-budi', name: 'Budi', homeRegion: '63.72', categories: ['TKSK', 'PSM'] },
];
const nominees = [
  { id: 'n1', number: 'KALSEL-2026-TKSK-001', category: 'TKSK', region: '63.09' },
  { id: 'n2', number: 'KALSEL-2026-TKSK-002', category: 'TKSK', region: '63.03' },
  { id: 'n3', number: 'KALSEL-2026-PSM-001', category: 'PSM', region: '63.03' },
];

describe('exclusions', () => {
  it('a recusal first, then the automatic conflict (same kabupaten/kota), else the sheet counts', () => {
    expect(exclusionOf({ homeRegion: '63.09' }, { region: '63.09.11' }, true)).toBe('recused');
    expect(exclusionOf({ homeRegion: '63.09' }, { region: '63.09.11' }, false)).toBe('conflict');
    expect(exclusionOf({ homeRegion: '63.09' }, { region: '63.03' }, false)).toBeNull();
    // A juror from the province has no kabupaten, so no automatic conflict.
    expect(exclusionOf({ homeRegion: '63' }, { region: '63.03' }, false)).toBeNull();
  });
});

/** Facts from `nominationId|personId` keys. */
function facts(sets: { sheets?: string[]; recusals?: string[]; inFlight?: string[] }): SheetFacts {
  const handed = new Set([...(sets.sheets ?? []), ...(sets.inFlight ?? [])]);
  const recused = new Set(sets.recusals ?? []);
  return {
    handedIn: (n, p) => handed.has(`${n}|${p}`),
    recused: (n, p) => recused.has(`${n}|${p}`),
  };
}

describe('missing sheets', () => {
  it('per juror: their categories, minus conflicts, recusals, sheets present and sheets in the queue', () => {
    expect(missingSheets(jurors, nominees, facts({}))).toEqual([
      // Ani is from Tabalong (63.09): TKSK-001 is a conflict, not missing.
      { personId: 'p-ani', name: 'Ani', juror: 1, numbers: ['KALSEL-2026-TKSK-002'] },
      {
        personId: 'p-budi',
        name: 'Budi',
        juror: 2,
        numbers: ['KALSEL-2026-PSM-001', 'KALSEL-2026-TKSK-001', 'KALSEL-2026-TKSK-002'],
      },
    ]);
    const missing = missingSheets(
      jurors,
      nominees,
      facts({ sheets: ['n2|p-ani', 'n1|p-budi'], recusals: ['n3|p-budi'], inFlight: ['n2|p-budi'] }),
    );
    expect(missing).toEqual([]);
  });

  it('numbers jurors in the order given, then former jurors with sheets by id', () => {
    expect([...jurorNumbers(jurors, ['p-zed', 'p-ani', 'p-abe'])]).toEqual([
      ['p-ani', 1],
      ['p-budi', 2],
      ['p-abe', 3],
      ['p-zed', 4],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  deepLink,
  generateInviteCode,
  INVITE_ALPHABET,
  parseInviteRole,
  pickCategories,
  pickRegion,
  resolveBotUsername,
} from '../../src/app/invites.ts';
import { parseOpenTarget, phaseRefusal } from '../../src/app/phase.ts';
import { localDay } from '../../src/app/status.ts';
import {
  categoriesWithoutJuror,
  outsideWindow,
  passedDeadlines,
  warningText,
} from '../../src/app/status-warnings.ts';

describe('invite codes', () => {
  it('are 8 characters without 0, O, 1 or I', () => {
    expect(INVITE_ALPHABET).not.toMatch(/[0O1I]/);
    for (let i = 0; i < 200; i++) expect(generateInviteCode()).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(generateInviteCode(() => 0)).toBe('AAAAAAAA');
    expect(generateInviteCode(() => INVITE_ALPHABET.length - 1)).toBe('99999999');
  });

  it('come with a Telegram deep link', () => {
    expect(deepLink('SeleksiBot', 'ABCD2345')).toBe('https://t.me/SeleksiBot?start=ABCD2345');
  });
});

describe('parsing CLI input', () => {
  it('accepts roles in English and Indonesian', () => {
    expect(parseInviteRole('officer')).toBe('OFFICER');
    expect(parseInviteRole('Juri')).toBe('JUROR');
    expect(parseInviteRole(' ADMIN ')).toBe('ADMIN');
    expect(parseInviteRole('chef')).toBeNull();
  });

  it('matches category codes and names forgivingly, refusing unknown ones', () => {
    const known = [
      { code: 'TKSK', nameId: 'TKSK' },
      { code: 'KARANG_TARUNA', nameId: 'Karang Taruna' },
    ];
    expect(pickCategories(['tksk', 'Karang Taruna', 'TKSK', ' '], known)).toEqual(['TKSK', 'KARANG_TARUNA']);
    expect(() => pickCategories(['TKKS'], known)).toThrow(
      'kategori tidak dikenal: TKKS; pilihan: TKSK, KARANG_TARUNA',
    );
  });

  it('picks one kabupaten/kota or lists the candidates', () => {
    const kalsel = [
      { code: '63.06', name: 'Kabupaten Hulu Sungai Selatan' },
      { code: '63.07', name: 'Kabupaten Hulu Sungai Tengah' },
      { code: '63.09', name: 'Kabupaten Tabalong' },
    ];
    expect(pickRegion('Tabalong', kalsel, 'Kalimantan Selatan').code).toBe('63.09');
    expect(() => pickRegion('hulu sungai', kalsel, 'Kalimantan Selatan')).toThrow(
      'Kabupaten Hulu Sungai Selatan (63.06), Kabupaten Hulu Sungai Tengah (63.07)',
    );
    expect(() => pickRegion('Bandung', kalsel, 'Kalimantan Selatan')).toThrow(
      'wilayah "Bandung" tidak ada di Kalimantan Selatan',
    );
  });

  it('moves one phase forward at a time', () => {
    expect(parseOpenTarget('nominasi')).toBe('NOMINATION');
    expect(parseOpenTarget('scoring')).toBe('SCORING');
    expect(parseOpenTarget('closed')).toBeNull();
    expect(phaseRefusal('X', 'DRAFT', 'NOMINATION')).toBeNull();
    expect(phaseRefusal('X', 'NOMINATION', 'SCORING')).toBeNull();
    expect(phaseRefusal('X', 'DRAFT', 'SCORING')).toContain(
      'wrong phase: draft, moving to scoring needs nomination',
    );
    expect(phaseRefusal('X', 'CLOSED', 'NOMINATION')).toContain('wrong phase: closed');
    expect(phaseRefusal('X', 'SCORING', 'CLOSED')).toBeNull();
    expect(phaseRefusal('X', 'CLOSED', 'PUBLISHED')).toBeNull();
    expect(phaseRefusal('X', 'NOMINATION', 'DRAFT')).toContain('wrong phase: nomination');
  });
});

describe('resolveBotUsername', () => {
  const root = 'http://127.0.0.1:1';
  it('prefers TELEGRAM_BOT_USERNAME and asks nothing without a token', async () => {
    const never = (() => {
      throw new Error('no call expected');
    }) as unknown as typeof fetch;
    expect(await resolveBotUsername({ TELEGRAM_BOT_USERNAME: 'A_bot', TELEGRAM_API_ROOT: root }, never)).toBe(
      'A_bot',
    );
    expect(await resolveBotUsername({ TELEGRAM_API_ROOT: root }, never)).toBeUndefined();
  });

  it('asks getMe with the token and gives up quietly on errors', async () => {
    const calls: string[] = [];
    const ok = (async (url: string) => {
      calls.push(url);
      return new Response(JSON.stringify({ ok: true, result: { username: 'GetMeBot' } }));
    }) as unknown as typeof fetch;
    expect(await resolveBotUsername({ TELEGRAM_BOT_TOKEN: '1:T', TELEGRAM_API_ROOT: `${root}/` }, ok)).toBe(
      'GetMeBot',
    );
    expect(calls).toEqual([`${root}/bot1:T/getMe`]);
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    expect(
      await resolveBotUsername({ TELEGRAM_BOT_TOKEN: '1:T', TELEGRAM_API_ROOT: root }, down),
    ).toBeUndefined();
  });
});

describe('status warnings and phase windows', () => {
  const deadlines = {
    nominationOpensAt: '2026-05-31T16:00:00.000Z',
    nominationClosesAt: '2026-06-30T15:59:59.000Z',
    scoringClosesAt: '2026-07-24T15:59:59.000Z',
  };

  it('flags the deadline that ends the current phase once it has passed', () => {
    const july = new Date('2026-07-01T00:00:00Z');
    expect(passedDeadlines('NOMINATION', deadlines, july)).toEqual([
      { kind: 'deadline', deadline: 'nominationClosesAt', at: deadlines.nominationClosesAt },
    ]);
    expect(passedDeadlines('SCORING', deadlines, july)).toEqual([]);
    expect(passedDeadlines('NOMINATION', deadlines, new Date('2026-06-15T00:00:00Z'))).toEqual([]);
    expect(passedDeadlines('CLOSED', deadlines, new Date('2027-01-01T00:00:00Z'))).toEqual([]);
    const [w] = passedDeadlines('NOMINATION', deadlines, july);
    expect(warningText(w!, 'id', '+08:00')).toBe('tenggat penutupan nominasi (2026-06-30) sudah lewat');
    expect(warningText(w!, 'en', '+08:00')).toBe('the nomination closing deadline (2026-06-30) has passed');
  });

  it('warns about categories with nominees and no juror', () => {
    expect(categoriesWithoutJuror({ TKSK: 2, PSM: 1, LKS: 0 }, [{ categories: ['PSM'] }])).toEqual([
      { kind: 'no-juror', category: 'TKSK', nominations: 2 },
    ]);
  });

  it('refuses to open outside the window, naming it', () => {
    const inside = new Date('2026-06-10T00:00:00Z');
    expect(outsideWindow('X', 'NOMINATION', deadlines, '+08:00', inside)).toBeNull();
    expect(outsideWindow('X', 'NOMINATION', deadlines, '+08:00', new Date('2026-05-01T00:00:00Z'))).toContain(
      'X: jadwal nominasi menurut definisi adalah 2026-06-01 – 2026-06-30, UTC+08:00, dan sekarang belum mulai',
    );
    expect(outsideWindow('X', 'SCORING', deadlines, '+08:00', new Date('2026-08-01T00:00:00Z'))).toContain(
      'has passed; add --force',
    );
    expect(outsideWindow('X', 'SCORING', deadlines, '+08:00', new Date('2026-07-10T00:00:00Z'))).toBeNull();
  });

  it('shows deadlines on the calendar day of the seleksi offset', () => {
    expect(localDay('2026-05-31T16:00:00.000Z', '+08:00')).toBe('2026-06-01');
    expect(localDay('2026-06-01T02:00:00.000Z', '-03:00')).toBe('2026-05-31');
    expect(localDay(null, '+07:00')).toBe('-');
  });
});

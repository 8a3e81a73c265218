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
import { jurorProgress, localDay } from '../../src/app/status.ts';

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

describe('jurorProgress', () => {
  it('expects the nominations of their categories minus own kabupaten minus recusals', () => {
    const juror = { personId: 'j', name: 'J', homeRegion: '63.72', categories: ['TKSK'] };
    const noms = [
      { id: 'a', categoryCode: 'TKSK', regionCode: '63.72' }, // own kabupaten
      { id: 'b', categoryCode: 'TKSK', regionCode: '63.09' }, // scored
      { id: 'c', categoryCode: 'TKSK', regionCode: '63.03' }, // recused
      { id: 'd', categoryCode: 'TKSK', regionCode: '63.03' }, // to do
      { id: 'e', categoryCode: 'PSM', regionCode: '63.03' }, // not theirs
    ];
    expect(jurorProgress(juror, noms, new Set(['b|j']), new Set(['c|j']))).toMatchObject({
      done: 1,
      expected: 2,
      recused: 1,
      conflicts: 1,
    });
  });

  it('shows deadlines on the calendar day of the seleksi offset', () => {
    expect(localDay('2026-05-31T16:00:00.000Z', '+08:00')).toBe('2026-06-01');
    expect(localDay('2026-06-01T02:00:00.000Z', '-03:00')).toBe('2026-05-31');
    expect(localDay(null, '+07:00')).toBe('-');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSession, SessionConflictError, saveSession } from '../../src/app/sessions.ts';
import type { SessionState } from '../../src/flow-engine/api.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { createFakeEngine } from '../support/fake-engine.ts';

let db: TestDb;
const engine = createFakeEngine();
beforeAll(async () => {
  db = await createTestDb('sessions');
});
afterAll(async () => {
  await db.drop();
});

const at = (chatId: string) => ({ channel: 'telegram' as const, chatId });
const state = (active: Record<string, unknown> | null, locale: 'id' | 'en' = 'id'): SessionState => ({
  schemaVersion: 1,
  locale,
  active,
});

describe('sessions in Postgres', () => {
  it('gives a new chat a fresh state, then reads back what was saved with the version bumped', async () => {
    const fresh = await db.prisma.$transaction((tx) => loadSession(tx, engine, at('100'), 'en'));
    expect(fresh).toEqual({ id: null, version: 0, state: state(null, 'en'), reset: false });
    await db.prisma.$transaction((tx) =>
      saveSession(tx, at('100'), fresh, { state: state({ flow: 'x', step: 2 }, 'en'), personId: null }),
    );
    const again = await db.prisma.$transaction((tx) => loadSession(tx, engine, at('100'), 'id'));
    expect(again.version).toBe(1);
    expect(again.state).toEqual(state({ flow: 'x', step: 2 }, 'en'));
    const row = await db.prisma.conversationSession.findFirstOrThrow({ where: { externalId: '100' } });
    expect(row).toMatchObject({ channel: 'TELEGRAM', locale: 'en', version: 1 });
  });

  it('refuses a save over a version that changed meanwhile (optimistic lock)', async () => {
    const first = await db.prisma.$transaction((tx) => loadSession(tx, engine, at('200'), 'id'));
    await db.prisma.$transaction((tx) =>
      saveSession(tx, at('200'), first, { state: state(null), personId: null }),
    );
    const a = await db.prisma.$transaction((tx) => loadSession(tx, engine, at('200'), 'id'));
    const b = await db.prisma.$transaction((tx) => loadSession(tx, engine, at('200'), 'id'));
    await db.prisma.$transaction((tx) =>
      saveSession(tx, at('200'), a, { state: state({ by: 'a' }), personId: null }),
    );
    await expect(
      db.prisma.$transaction((tx) =>
        saveSession(tx, at('200'), b, { state: state({ by: 'b' }), personId: null }),
      ),
    ).rejects.toBeInstanceOf(SessionConflictError);
    // A second "new" row for the same chat is refused the same way.
    await expect(
      db.prisma.$transaction((tx) =>
        saveSession(tx, at('200'), first, { state: state(null), personId: null }),
      ),
    ).rejects.toBeInstanceOf(SessionConflictError);
    const kept = await db.prisma.$transaction((tx) => loadSession(tx, engine, at('200'), 'id'));
    expect(kept.state.active).toEqual({ by: 'a' });
    expect(kept.version).toBe(2);
  });

  it('replaces a state that no longer parses with a fresh one in the stored locale, flagged reset', async () => {
    await db.prisma.conversationSession.create({
      data: { channel: 'WHATSAPP', externalId: '62811', locale: 'en', state: { old: 'format' }, version: 7 },
    });
    const loaded = await db.prisma.$transaction((tx) =>
      loadSession(tx, engine, { channel: 'whatsapp', chatId: '62811' }, 'id'),
    );
    expect(loaded).toMatchObject({ version: 7, reset: true, state: state(null, 'en') });
    await db.prisma.$transaction((tx) =>
      saveSession(tx, { channel: 'whatsapp', chatId: '62811' }, loaded, {
        state: loaded.state,
        personId: null,
      }),
    );
    const row = await db.prisma.conversationSession.findFirstOrThrow({ where: { externalId: '62811' } });
    expect(row.version).toBe(8);
    expect(row.state).toEqual(state(null, 'en'));
  });
});

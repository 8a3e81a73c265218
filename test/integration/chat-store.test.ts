import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatFromRow, chatWrite, type LoadedChat } from '../../src/app/loaded-chat.ts';
import type { InboundMessage } from '../../src/core/messages.ts';
import { ChatConflictError, readChats, writeChats } from '../../src/db/chat-store.ts';
import { prismaRunner } from '../../src/db/statement.ts';
import type { SessionState } from '../../src/flow-engine/api.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { createFakeEngine } from '../support/fake-engine.ts';

let db: TestDb;
const engine = createFakeEngine();
beforeAll(async () => {
  db = await createTestDb('chat_store');
});
afterAll(async () => {
  await db.drop();
});

const state = (active: Record<string, unknown> | null, locale: 'id' | 'en' = 'id'): SessionState => ({
  schemaVersion: 1,
  locale,
  active,
});
let nextId = 1;
const message = (chatId: string, channel: 'telegram' | 'whatsapp' = 'telegram'): InboundMessage => ({
  channel,
  chatId,
  messageId: `m${nextId++}`,
  receivedAt: new Date(),
  content: { type: 'text', text: 'x' },
});
const at = new Date();

async function read(m: InboundMessage): Promise<LoadedChat> {
  const [row] = await readChats(prismaRunner(db.prisma), m.channel, [m], at);
  return chatFromRow(engine, row!);
}

async function write(m: InboundMessage, chat: LoadedChat, next: SessionState): Promise<void> {
  const change = { session: chat.session, state: next, personId: null, submissions: [], relocalise: null };
  await writeChats(prismaRunner(db.prisma), m.channel, [chatWrite(m, chat, change)], at);
}

describe('the chat store', () => {
  it('gives a new chat a fresh state, then reads back what was written with the version bumped', async () => {
    const first = message('100');
    const fresh = await read(first);
    expect(fresh).toMatchObject({ fresh: true, identity: null, touch: null });
    expect(fresh.session).toEqual({ id: null, version: 0, state: engine.initialState('id'), reset: false });
    await write(first, fresh, state({ flow: 'x', step: 2 }, 'en'));
    const again = await read(message('100'));
    expect(again.session.version).toBe(1);
    expect(again.session.state).toEqual(state({ flow: 'x', step: 2 }, 'en'));
    const row = await db.prisma.conversationSession.findFirstOrThrow({ where: { externalId: '100' } });
    expect(row).toMatchObject({ channel: 'TELEGRAM', locale: 'en', version: 1 });
    // The message id is recorded with the write: read again, it is a repeat.
    expect((await read(first)).fresh).toBe(false);
  });

  it('refuses a write over a version that changed meanwhile, and a repeated message id', async () => {
    const m0 = message('200');
    const first = await read(m0);
    await write(m0, first, state(null));
    const [ma, mb] = [message('200'), message('200')];
    const a = await read(ma);
    const b = await read(mb);
    await write(ma, a, state({ by: 'a' }));
    await expect(write(mb, b, state({ by: 'b' }))).rejects.toBeInstanceOf(ChatConflictError);
    // A second "new" row for the same chat is refused the same way.
    await expect(write(message('200'), first, state(null))).rejects.toBeInstanceOf(ChatConflictError);
    // So is a message id already written, even over the current version.
    await expect(write(ma, await read(ma), state({ by: 'again' }))).rejects.toBeInstanceOf(ChatConflictError);
    const kept = await read(message('200'));
    expect(kept.session.state.active).toEqual({ by: 'a' });
    expect(kept.session.version).toBe(2);
  });

  it('replaces a state that no longer parses with a fresh one in the stored locale, flagged reset', async () => {
    await db.prisma.conversationSession.create({
      data: { channel: 'WHATSAPP', externalId: '62811', locale: 'en', state: { old: 'format' }, version: 7 },
    });
    const m = message('62811', 'whatsapp');
    const loaded = await read(m);
    expect(loaded.session).toMatchObject({ version: 7, reset: true, state: state(null, 'en') });
    await write(m, loaded, loaded.session.state);
    const row = await db.prisma.conversationSession.findFirstOrThrow({ where: { externalId: '62811' } });
    expect(row.version).toBe(8);
    expect(row.state).toEqual(state(null, 'en'));
  });
});

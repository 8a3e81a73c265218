/**
 * A NUL or a lone surrogate in what a user sends never makes a chat unusable: each channel's
 * conversion cleans it at the edge, and the message then goes through the real handler and flows
 * into Postgres (registration with a hostile display name, a nominee name typed with NUL and a lone
 * surrogate, a caption), and the chat goes on answering.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowKinds } from '../../src/app/flow-steps/index.ts';
import { createInboundHandler } from '../../src/app/handle-inbound.ts';
import { consoleInbound } from '../../src/channels/console/to-inbound.ts';
import { toInbound as telegramInbound } from '../../src/channels/telegram/to-inbound.ts';
import { toInbound as whatsappInbound } from '../../src/channels/whatsapp/to-inbound.ts';
import { FLOWS_DIR } from '../../src/config/project-root.ts';
import type { ChannelName, InboundMessage } from '../../src/core/messages.ts';
import type { InboundHandler } from '../../src/core/ports.ts';
import { createPgPool } from '../../src/db/client.ts';
import { createFlowEngine } from '../../src/flow-engine/engine.ts';
import { loadFlows } from '../../src/flow-engine/load.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { createInvite, seedSmallSeleksi } from '../support/seleksi-fixture.ts';

const NUL = '\u0000';
const LONE = '\ud800';
const HOSTILE_NAME = `Ah${NUL}mad ${LONE}Fauzi`;
const HOSTILE_SENDER = `Bu${NUL}di${LONE}`;

let seq = 0;

/** A file the console's /foto can send (it refuses a missing one). */
function photoFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hostile-')), 'foto.jpg');
  writeFileSync(path, 'not really a jpeg');
  return path;
}

/** One line from a user as each channel's edge turns it into an InboundMessage. */
const via: Record<ChannelName, (chat: string, text: string, caption?: string) => InboundMessage> = {
  telegram(chat, text, caption) {
    const n = ++seq;
    const at = {
      message_id: n,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(chat), type: 'private' },
    };
    const from = { id: Number(chat), is_bot: false, first_name: HOSTILE_SENDER };
    const message = caption
      ? { ...at, from, caption, photo: [{ file_id: `P${n}`, width: 1, height: 1 }] }
      : { ...at, from, text };
    return telegramInbound({ update_id: n, message } as never, () => undefined)!.inbound;
  },
  whatsapp(chat, text, caption) {
    const n = ++seq;
    const converted = whatsappInbound(
      {
        key: { remoteJid: chat, fromMe: false, id: `W${n}${NUL}` },
        messageTimestamp: Math.floor(Date.now() / 1000),
        pushName: HOSTILE_SENDER,
        message: caption ? { imageMessage: { mimetype: 'image/jpeg', caption } } : { conversation: text },
      } as never,
      { now: new Date() },
    );
    if (typeof converted === 'string') throw new Error(`skipped: ${converted}`);
    return converted.inbound;
  },
  console(chat, text, caption) {
    const inbound = consoleInbound(chat, caption ? `/foto ${photoFile()} ${caption}` : text);
    if ('refused' in inbound) throw new Error(inbound.refused);
    return inbound;
  },
};

const chats: Record<ChannelName, string> = {
  telegram: '7001',
  whatsapp: '6281200000077@s.whatsapp.net',
  console: 'budi-hostile',
};

describe('hostile text through each channel and handle-inbound into Postgres', () => {
  let db: TestDb;
  let pool: pg.Pool;
  let handler: InboundHandler;
  let seleksiId: string;

  beforeAll(async () => {
    db = await createTestDb('handle_inbound_hostile');
    seleksiId = (await seedSmallSeleksi(db.prisma)).id;
    pool = createPgPool(db.url, 2);
    handler = createInboundHandler({
      prisma: db.prisma,
      pool,
      engine: createFlowEngine(loadFlows(FLOWS_DIR, flowKinds), flowKinds),
      sink: { async enqueue() {} },
    });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  describe.each(['telegram', 'whatsapp', 'console'] as const)('%s', (channel) => {
    const say = async (text: string, caption?: string) =>
      (await handler.handle(via[channel](chats[channel], text, caption))).map((r) => r.text).join('\n');

    it('registers with a hostile display name, takes a hostile nominee name, and keeps answering', async () => {
      const code = await createInvite(db.prisma, seleksiId, {
        code: `HOSTILE-${channel.toUpperCase()}`,
        role: 'OFFICER',
        regionCode: '63.09',
      });
      expect(await say(`DAFTAR ${code}${NUL}`)).toMatch(/Selamat datang/);
      expect(await say('nominasi')).toMatch(/Kategori/);
      expect(await say('1')).toMatch(/Nama lengkap calon/);
      const asked = await say(HOSTILE_NAME);
      expect(asked).not.toMatch(/gangguan/);
      expect(asked).toMatch(/NIK/);
      // A hostile caption on a photo sent where the flow expects text: answered, not an error.
      expect(await say('', `foto${NUL}${LONE}`)).not.toMatch(/gangguan/);
      expect(await say(`${NUL}${LONE}`)).not.toMatch(/gangguan/);

      const stored = await db.prisma.conversationSession.findFirstOrThrow({
        where: { channel: channel.toUpperCase() as 'TELEGRAM' | 'WHATSAPP' | 'CONSOLE' },
      });
      expect(JSON.stringify(stored.state)).toContain('Ahmad \ufffdFauzi');
      const identity = await db.prisma.channelIdentity.findFirstOrThrow({
        where: { channel: stored.channel, externalId: stored.externalId },
        include: { person: true },
      });
      expect(identity.person.name.includes(NUL) || !identity.person.name.isWellFormed()).toBe(false);
    });
  });
});

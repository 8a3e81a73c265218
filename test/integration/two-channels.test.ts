/**
 * One person, two channels: an invite used on one channel links a new chat on another to the same
 * person, and `lanjut` moves an unfinished flow from one chat to the other (ending it in the first).
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowKinds } from '../../src/app/flow-steps/index.ts';
import { createInboundHandler } from '../../src/app/handle-inbound.ts';
import { FLOWS_DIR } from '../../src/config/project-root.ts';
import type { ChannelName } from '../../src/core/messages.ts';
import type { InboundHandler } from '../../src/core/ports.ts';
import { createPgPool } from '../../src/db/client.ts';
import { createFlowEngine } from '../../src/flow-engine/engine.ts';
import { loadFlows } from '../../src/flow-engine/load.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { createInvite, seedSmallSeleksi } from '../support/seleksi-fixture.ts';

describe('one person on two channels', () => {
  let db: TestDb;
  let pool: pg.Pool;
  let handler: InboundHandler;
  let seleksiId: string;
  let seq = 0;
  const wa = '6281200000099@s.whatsapp.net';

  async function say(channel: ChannelName, chatId: string, text: string): Promise<string> {
    const replies = await handler.handle({
      channel,
      chatId,
      messageId: `m${++seq}`,
      receivedAt: new Date(),
      ...(channel === 'whatsapp' ? { senderPhone: '+6281200000099' } : {}),
      content: { type: 'text', text },
    });
    return replies.map((r) => r.text).join('\n');
  }

  beforeAll(async () => {
    db = await createTestDb('two_channels');
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

  it('the same invite on a second channel links that chat to the same person', async () => {
    const code = await createInvite(db.prisma, seleksiId, {
      code: 'TWOCHAN1',
      role: 'OFFICER',
      regionCode: '63.09',
    });
    expect(await say('console', 'budi', `DAFTAR ${code}`)).toMatch(/Selamat datang/);
    expect(await say('whatsapp', wa, `DAFTAR ${code}`)).toMatch(/terhubung dengan akun Anda/);
    const identities = await db.prisma.channelIdentity.findMany({ orderBy: { channel: 'asc' } });
    expect(identities.map((i) => i.channel)).toEqual(['WHATSAPP', 'CONSOLE']);
    expect(new Set(identities.map((i) => i.personId)).size).toBe(1);
    const person = await db.prisma.person.findUniqueOrThrow({ where: { id: identities[0]!.personId } });
    expect(person.phone).toBe('+6281200000099');
    // A third chat on a channel the person already has is refused.
    expect(await say('whatsapp', '6281200000098@s.whatsapp.net', `DAFTAR ${code}`)).toMatch(/sudah dipakai/);
  });

  it('lanjut continues on WhatsApp a nomination begun on the console, and back', async () => {
    expect(await say('whatsapp', wa, 'lanjut')).toMatch(/Tidak ada isian yang belum selesai/);
    expect(await say('console', 'budi', 'nominasi')).toMatch(/Kategori/);
    expect(await say('console', 'budi', '1')).toMatch(/Nama lengkap calon/);
    expect(await say('console', 'budi', 'Ahmad Fauzi')).toMatch(/NIK/);

    const continued = await say('whatsapp', wa, 'lanjut');
    expect(continued).toMatch(/Melanjutkan "[^"]+" yang dimulai di konsol/);
    expect(continued).toMatch(/NIK/);
    const console = await db.prisma.conversationSession.findFirstOrThrow({ where: { channel: 'CONSOLE' } });
    expect((console.state as { active: unknown }).active).toBeNull();
    // The console no longer has it; the answers came along.
    expect(await say('console', 'budi', 'lanjut')).toMatch(/Melanjutkan .* WhatsApp/);
    expect(await say('console', 'budi', 'kembali')).toMatch(
      /Nama lengkap calon[\s\S]*Ahmad Fauzi|Ahmad Fauzi[\s\S]*Nama lengkap/,
    );
  });
});

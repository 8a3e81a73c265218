import net from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '../../src/app/handle-inbound.ts';
import type { InboundMessage } from '../../src/core/messages.ts';
import { createPgPool, createPrisma, type PrismaClient } from '../../src/db/client.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { createFakeEngine } from '../support/fake-engine.ts';

/** A TCP proxy in front of Postgres that can be cut (every connection dropped, new ones refused). */
async function startProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    async down() {
      await new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      });
    },
    async up() {
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    },
  };
}

let db: TestDb;
let proxied: PrismaClient;
let proxiedPool: pg.Pool;
let proxy: Awaited<ReturnType<typeof startProxy>>;

beforeAll(async () => {
  db = await createTestDb('handle_inbound_outage');
  const url = new URL(db.url);
  proxy = await startProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(proxy.port);
  proxied = createPrisma(url.toString());
  proxiedPool = createPgPool(url.toString(), 2);
});
afterAll(async () => {
  await proxied?.$disconnect();
  await proxiedPool?.end();
  await proxy?.up().catch(() => {});
  await db?.drop();
});

const msg = (messageId: string, text: string, chatId = '555'): InboundMessage => ({
  channel: 'telegram',
  chatId,
  messageId,
  receivedAt: new Date(),
  content: { type: 'text', text },
});

describe('a short Postgres outage', () => {
  it('holds the message, retries, and handles it once Postgres is back', async () => {
    const handler = createInboundHandler({
      prisma: proxied,
      engine: createFakeEngine(),
      sink: { enqueue: async () => {} },
      retry: { initialDelayMs: 50, maxDelayMs: 300 },
    });
    expect((await handler.handle(msg('o1', 'halo'))).map((r) => r.text)).toEqual([
      'Silakan kirim kode undangan Anda.',
    ]);
    await proxy.down();
    const during = handler.handle(msg('o2', 'halo lagi'));
    await new Promise((r) => setTimeout(r, 600));
    await proxy.up();
    expect((await during).map((r) => r.text)).toEqual(['Silakan kirim kode undangan Anda.']);
    const processed = await db.prisma.processedInbound.findMany({ orderBy: { messageId: 'asc' } });
    expect(processed.map((p) => p.messageId)).toEqual(['o1', 'o2']);
    const session = await db.prisma.conversationSession.findFirstOrThrow({ where: { externalId: '555' } });
    expect(session.version).toBe(2);
  }, 60_000);

  it('after the retry deadline tells the user to resend, and the resent message is not dropped', async () => {
    const handler = createInboundHandler({
      prisma: proxied,
      engine: createFakeEngine(),
      sink: { enqueue: async () => {} },
      retry: { deadlineMs: 800, initialDelayMs: 50, maxDelayMs: 200 },
    });
    await proxy.down();
    const replies = await handler.handle(msg('o3', 'halo'));
    await proxy.up();
    expect(replies.map((r) => r.text)).toEqual([
      '⚠️ Maaf, sistem sedang mengalami gangguan. Pesan Anda belum diproses; silakan kirim ulang beberapa saat lagi.',
    ]);
    expect(await db.prisma.processedInbound.count({ where: { messageId: 'o3' } })).toBe(0);
    expect((await handler.handle(msg('o3', 'halo'))).map((r) => r.text)).toEqual([
      'Silakan kirim kode undangan Anda.',
    ]);
  }, 60_000);

  it('on the pool: holds the message, retries, and handles it once Postgres is back', async () => {
    const handler = createInboundHandler({
      prisma: proxied,
      pool: proxiedPool,
      engine: createFakeEngine(),
      sink: { enqueue: async () => {} },
      retry: { initialDelayMs: 50, maxDelayMs: 300 },
    });
    expect((await handler.handle(msg('p1', 'halo', '556'))).map((r) => r.text)).toEqual([
      'Silakan kirim kode undangan Anda.',
    ]);
    await proxy.down();
    const during = handler.handle(msg('p2', 'halo lagi', '556'));
    await new Promise((r) => setTimeout(r, 600));
    await proxy.up();
    expect((await during).map((r) => r.text)).toEqual(['Silakan kirim kode undangan Anda.']);
    const processed = await db.prisma.processedInbound.findMany({
      where: { messageId: { in: ['p1', 'p2'] } },
      orderBy: { messageId: 'asc' },
    });
    expect(processed.map((p) => p.messageId)).toEqual(['p1', 'p2']);
    const session = await db.prisma.conversationSession.findFirstOrThrow({ where: { externalId: '556' } });
    expect(session.version).toBe(2);
  }, 60_000);
});

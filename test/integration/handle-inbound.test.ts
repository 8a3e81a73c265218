import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInboundHandler } from '../../src/app/handle-inbound.ts';
import { createRegionCache, type RegionCache } from '../../src/app/region-cache.ts';
import type { InboundMessage } from '../../src/core/messages.ts';
import type { InboundHandler } from '../../src/core/ports.ts';
import { READ_CHATS, WRITE_CHATS } from '../../src/db/chat-sql.ts';
import { createPgPool } from '../../src/db/client.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { createLogger } from '../../src/log.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { createFakeEngine, type FakeEngine } from '../support/fake-engine.ts';
import { createInvite, seedSmallSeleksi } from '../support/seleksi-fixture.ts';

let db: TestDb;
let engine: FakeEngine;
let handler: InboundHandler;
let enqueued: string[];
let seleksiId: string;
let pool: pg.Pool | undefined;
let seq = 0;

function msg(
  chatId: string,
  text: string,
  messageId = `m${++seq}`,
  channel: InboundMessage['channel'] = 'console',
) {
  return { channel, chatId, messageId, receivedAt: new Date(), content: { type: 'text' as const, text } };
}
const texts = (replies: { text: string }[]) => replies.map((r) => r.text);

// Every case runs on both transaction runners: Prisma only, and the node-postgres pool hot path.
describe.each(['prisma', 'pool'] as const)('on %s', (mode) => {
  beforeAll(async () => {
    db = await createTestDb(`handle_inbound_${mode}`);
    const s = await seedSmallSeleksi(db.prisma);
    seleksiId = s.id;
    pool = mode === 'pool' ? createPgPool(db.url, 4) : undefined;
  });
  afterAll(async () => {
    await pool?.end();
    await db.drop();
  });
  beforeEach(() => {
    engine = createFakeEngine();
    enqueued = [];
    handler = createInboundHandler({
      prisma: db.prisma,
      engine,
      ...(pool ? { pool } : {}),
      sink: {
        async enqueue(id) {
          enqueued.push(id);
        },
      },
    });
  });

  /**
   * A handler whose context building (through the region lookup) first runs the function given to
   * `meanwhile`, once: what another process does while this one is handling a message.
   */
  function racingHandler() {
    const base = createRegionCache();
    let hook: (() => Promise<unknown>) | null = null;
    let ran = false;
    const regions: RegionCache = {
      ...base,
      async name(d, code) {
        const run = hook;
        hook = null;
        if (run) {
          await run();
          ran = true;
        }
        return base.name(d, code);
      },
    };
    const handler = createInboundHandler({
      prisma: db.prisma,
      engine,
      sink: { enqueue: async (id) => void enqueued.push(id) },
      regions,
      retry: { initialDelayMs: 10, maxDelayMs: 20 },
      ...(pool ? { pool } : {}),
    });
    return {
      handler,
      meanwhile(fn: () => Promise<unknown>) {
        hook = fn;
        ran = false;
      },
      hookRan: () => ran,
    };
  }

  describe('registration', () => {
    it('asks an unregistered chat for its invite code, with no person in the context', async () => {
      const replies = await handler.handle(msg('stranger', 'halo'));
      expect(texts(replies)).toEqual(['Silakan kirim kode undangan Anda.']);
      expect(engine.calls[0]!.ctx.data.person).toBeNull();
      expect(engine.calls[0]!.ctx.data.allowed.nominate).not.toBeNull();
    });

    it('binds the chat with DAFTAR CODE and welcomes the officer with what to do next', async () => {
      await createInvite(db.prisma, seleksiId, {
        code: 'OFF-TBL-1',
        role: 'OFFICER',
        regionCode: '63.09',
        name: 'Budi',
      });
      const replies = await handler.handle(msg('budi', 'daftar off-tbl-1'));
      expect(texts(replies)).toHaveLength(1);
      expect(replies[0]!.text).toContain('Selamat datang, Budi');
      expect(replies[0]!.text).toContain('petugas Kabupaten Tabalong');
      expect(replies[0]!.text).toContain('nominasi');
      expect(engine.calls).toHaveLength(0); // handled before the engine

      const identity = await db.prisma.channelIdentity.findUniqueOrThrow({
        where: { channel_externalId: { channel: 'CONSOLE', externalId: 'budi' } },
        include: { person: { include: { memberships: true } } },
      });
      expect(identity.person.name).toBe('Budi');
      expect(identity.person.memberships).toMatchObject([
        { role: 'OFFICER', regionCode: '63.09', seleksiId },
      ]);
      const invite = await db.prisma.invite.findUniqueOrThrow({ where: { code: 'OFF-TBL-1' } });
      expect(invite.usedById).toBe(identity.personId);
      expect(invite.usedAt).not.toBeNull();

      // The next message reaches the engine with the officer's context.
      await handler.handle(msg('budi', 'status'));
      const ctx = engine.calls[0]!.ctx;
      expect(ctx.data.person).toMatchObject({ name: 'Budi', role: 'OFFICER', regionCode: '63.09' });
      expect(ctx.data.seleksi?.categories.map((c) => c.code)).toEqual(['TKSK', 'PSM']);
      expect(ctx.data.allowed.nominate).toBeNull();
      expect(ctx.data.lists.kecamatan.map((k) => k.label)).toEqual(['Banua Lawas', 'Jaro']);
      expect(ctx.data.lists.desaOf('63.09.11').map((d) => d.label)).toEqual(['Jaro', 'Nalui']);
    });

    it('refuses a used code in another chat with a clear message, and says so to the same chat', async () => {
      await createInvite(db.prisma, seleksiId, { code: 'OFF-TBL-2', role: 'OFFICER', regionCode: '63.09' });
      expect(texts(await handler.handle(msg('sari', 'DAFTAR OFF-TBL-2')))[0]).toContain('Selamat datang');
      const other = texts(await handler.handle(msg('tono', 'DAFTAR OFF-TBL-2')));
      expect(other).toEqual([
        '❌ Kode undangan OFF-TBL-2 sudah dipakai. Setiap kode hanya berlaku satu kali; minta kode baru kepada admin Dinas Sosial.',
      ]);
      expect(texts(await handler.handle(msg('sari', 'daftar OFF-TBL-2')))[0]).toContain('sudah terdaftar');
      const tono = await db.prisma.channelIdentity.findFirst({ where: { externalId: 'tono' } });
      expect(tono).toBeNull();
    });

    it('names unknown and expired codes', async () => {
      await createInvite(db.prisma, seleksiId, {
        code: 'OLD-1',
        role: 'MEMBER',
        expiresAt: new Date(Date.now() - 60_000),
      });
      expect(texts(await handler.handle(msg('x1', 'DAFTAR NOPE-99')))[0]).toMatch(/NOPE-99 tidak dikenal/);
      expect(texts(await handler.handle(msg('x1', '/start OLD-1')))[0]).toMatch(/OLD-1 sudah kedaluwarsa/);
    });

    it('carries out a register effect from the engine (code typed at the invite-code question)', async () => {
      await createInvite(db.prisma, seleksiId, {
        code: 'JUR-1',
        role: 'JUROR',
        regionCode: '63.03',
        categories: ['TKSK'],
      });
      const replies = texts(await handler.handle(msg('juri1', 'JUR-1', undefined, 'telegram')));
      expect(replies[0]).toBe('checking code');
      expect(replies[1]).toContain('tim penilai');
      expect(replies[1]).toContain('Tenaga Kesejahteraan Sosial Kecamatan');
    });

    it('works from any state: DAFTAR in the middle of a flow asks first, and resets the flow once confirmed', async () => {
      await createInvite(db.prisma, seleksiId, { code: 'OFF-MID', role: 'OFFICER', regionCode: '63.09' });
      await createInvite(db.prisma, seleksiId, { code: 'MEM-MID', role: 'MEMBER', secondRole: true });
      await handler.handle(msg('mid', 'DAFTAR OFF-MID'));
      await handler.handle(msg('mid', 'nominasi'));
      expect(texts(await handler.handle(msg('mid', 'DAFTAR MEM-MID')))[0]).toContain(
        'kirim *DAFTAR MEM-MID YA*',
      );
      const asked = await db.prisma.conversationSession.findFirstOrThrow({ where: { externalId: 'mid' } });
      expect((asked.state as { active: unknown }).active).not.toBeNull();
      expect(texts(await handler.handle(msg('mid', 'DAFTAR MEM-MID ya')))[0]).toContain('menerima kabar');
      const row = await db.prisma.conversationSession.findFirstOrThrow({ where: { externalId: 'mid' } });
      expect((row.state as { active: unknown }).active).toBeNull();
    });
  });

  describe('message handling', () => {
    it.runIf(mode === 'pool')('runs ordinary messages on the pool, not in Prisma transactions', async () => {
      const spy = vi.spyOn(db.prisma, '$transaction');
      try {
        expect(texts(await handler.handle(msg('on-pool', 'halo')))).toHaveLength(1);
        expect(spy).not.toHaveBeenCalled();
        expect(pool!.totalCount).toBeGreaterThan(0);
      } finally {
        spy.mockRestore();
      }
    });

    it('handles the same messageId once', async () => {
      const m = msg('dup', 'halo');
      expect(texts(await handler.handle(m))).toHaveLength(1);
      expect(await handler.handle({ ...m, receivedAt: new Date() })).toEqual([]);
      expect(engine.calls).toHaveLength(1);
      // The same id on another channel is another message.
      expect(texts(await handler.handle({ ...m, channel: 'telegram' }))).toHaveLength(1);
    });

    it('stores a confirmed nomination in the outbox with the session, then enqueues it', async () => {
      await createInvite(db.prisma, seleksiId, { code: 'OFF-NOM', role: 'OFFICER', regionCode: '63.09' });
      await handler.handle(msg('nom', 'DAFTAR OFF-NOM'));
      await handler.handle(msg('nom', 'nominasi'));
      await handler.handle(msg('nom', 'Siti Aminah'));
      const replies = texts(await handler.handle(msg('nom', 'kirim')));
      expect(replies).toEqual([
        'terkirim',
        '⏳ Sedang diproses… Anda akan menerima konfirmasi setelah data tersimpan.',
      ]);
      expect(enqueued).toHaveLength(1);
      const row = await db.prisma.submission.findUniqueOrThrow({ where: { id: enqueued[0]! } });
      const person = await db.prisma.channelIdentity.findFirstOrThrow({ where: { externalId: 'nom' } });
      expect(row).toMatchObject({
        kind: 'NOMINATION',
        status: 'PENDING',
        seleksiId,
        personId: person.personId,
        channel: 'CONSOLE',
        externalId: 'nom',
        payload: {
          seleksiId,
          categoryCode: 'TKSK',
          regionCode: '63.09',
          nomineeName: 'Siti Aminah',
          answers: { nama: 'Siti Aminah' },
          attachments: [],
        },
      });
      const status = texts(await handler.handle(msg('nom', 'status')))[0];
      expect(status).toContain('1 kiriman sedang diproses');
    });

    it('refuses a submission the domain rules forbid and stores nothing', async () => {
      await createInvite(db.prisma, seleksiId, {
        code: 'JUR-NO',
        role: 'JUROR',
        regionCode: '63.03',
        categories: ['TKSK'],
      });
      await handler.handle(msg('jno', 'DAFTAR JUR-NO'));
      const replies = texts(await handler.handle(msg('jno', 'nilai nonexistent 80')));
      expect(replies[1]).toBe('❌ Tidak dapat disimpan: Penilaian belum dibuka (tahap saat ini: nominasi).');
      expect(enqueued).toEqual([]);
      expect(await db.prisma.submission.count({ where: { externalId: 'jno' } })).toBe(0);
    });

    it('keeps two interleaved chats apart', async () => {
      await createInvite(db.prisma, seleksiId, { code: 'OFF-A', role: 'OFFICER', regionCode: '63.09' });
      await createInvite(db.prisma, seleksiId, { code: 'OFF-B', role: 'OFFICER', regionCode: '63.09' });
      await handler.handle(msg('chat-a', 'DAFTAR OFF-A'));
      await handler.handle(msg('chat-b', 'DAFTAR OFF-B'));
      await handler.handle(msg('chat-a', 'nominasi'));
      await handler.handle(msg('chat-b', 'nominasi'));
      expect(texts(await handler.handle(msg('chat-a', 'Ani')))).toEqual(['Ketik kirim untuk mengirim Ani']);
      expect(texts(await handler.handle(msg('chat-b', 'Badu')))).toEqual(['Ketik kirim untuk mengirim Badu']);
      expect(texts(await handler.handle(msg('chat-a', 'kirim')))[0]).toBe('terkirim');
      const rows = await db.prisma.submission.findMany({
        where: { externalId: { in: ['chat-a', 'chat-b'] } },
      });
      expect(rows.map((r) => (r.payload as { nomineeName: string }).nomineeName)).toEqual(['Ani']);
    });

    it('rolls back a message whose session moved underneath (submission included) and runs it again', async () => {
      // A writer that bypasses the chat lock bumps the version while the message is being handled.
      const { handler: racing, meanwhile, hookRan } = racingHandler();
      await createInvite(db.prisma, seleksiId, { code: 'OFF-RACE', role: 'OFFICER', regionCode: '63.09' });
      await racing.handle(msg('race', 'DAFTAR OFF-RACE'));
      await racing.handle(msg('race', 'nominasi'));
      await racing.handle(msg('race', 'Rina'));
      const before = await db.prisma.conversationSession.findFirstOrThrow({ where: { externalId: 'race' } });
      meanwhile(() =>
        db.prisma.conversationSession.updateMany({
          where: { externalId: 'race' },
          data: { version: { increment: 5 } },
        }),
      );
      expect(texts(await racing.handle(msg('race', 'kirim')))[0]).toBe('terkirim');
      expect(hookRan()).toBe(true);
      const after = await db.prisma.conversationSession.findFirstOrThrow({ where: { externalId: 'race' } });
      expect(after.version).toBe(before.version + 6);
      expect(await db.prisma.submission.count({ where: { externalId: 'race' } })).toBe(1);
      expect(enqueued).toHaveLength(1);
    });

    it.runIf(mode === 'pool')('batches the messages of many chats into shared reads and writes', async () => {
      const chats = Array.from({ length: 40 }, (_, i) => `many-${i}`);
      await Promise.all(chats.map((c) => handler.handle(msg(c, 'halo'))));
      const spy = vi.spyOn(pool!, 'query');
      try {
        const replies = await Promise.all(chats.map((c) => handler.handle(msg(c, 'lagi'))));
        expect(replies.map(texts)).toEqual(chats.map(() => ['Silakan kirim kode undangan Anda.']));
        const named = (name: string) =>
          spy.mock.calls.filter(([q]) => (q as { name?: string }).name === name).length;
        expect(named(READ_CHATS.name)).toBeGreaterThan(0);
        expect(named(READ_CHATS.name)).toBeLessThan(chats.length / 2);
        expect(named(WRITE_CHATS.name)).toBeGreaterThan(0);
        expect(named(WRITE_CHATS.name)).toBeLessThan(chats.length / 2);
      } finally {
        spy.mockRestore();
      }
      const rows = await db.prisma.conversationSession.findMany({ where: { externalId: { in: chats } } });
      expect(rows.map((r) => r.version)).toEqual(chats.map(() => 2));
    });

    it.runIf(mode === 'pool')(
      'drops a message another process handled between the batched read and write',
      async () => {
        // Another process records the same message id while this one is handling it: the batched
        // write fails as a whole, and on the locked path the message is seen as a repeat.
        const { handler: racing, meanwhile, hookRan } = racingHandler();
        await createInvite(db.prisma, seleksiId, { code: 'OFF-STEAL', role: 'OFFICER', regionCode: '63.09' });
        await racing.handle(msg('steal', 'DAFTAR OFF-STEAL'));
        const before = await db.prisma.conversationSession.findFirstOrThrow({
          where: { externalId: 'steal' },
        });
        const m = msg('steal', 'nominasi');
        meanwhile(() =>
          db.prisma.processedInbound.create({ data: { channel: 'CONSOLE', messageId: m.messageId } }),
        );
        expect(await racing.handle(m)).toEqual([]);
        expect(hookRan()).toBe(true);
        const after = await db.prisma.conversationSession.findFirstOrThrow({
          where: { externalId: 'steal' },
        });
        expect(after.version).toBe(before.version);
        expect(after.state).toEqual(before.state);
      },
    );

    it('handles many concurrent messages of one chat one at a time (no lost update)', async () => {
      await handler.handle(msg('burst', 'halo'));
      await Promise.all(Array.from({ length: 12 }, (_, i) => handler.handle(msg('burst', `x${i}`))));
      const row = await db.prisma.conversationSession.findFirstOrThrow({ where: { externalId: 'burst' } });
      expect(row.version).toBe(13);
      expect(
        await db.prisma.processedInbound.count({ where: { messageId: { startsWith: 'm' } } }),
      ).toBeGreaterThan(13);
    });

    it('loses no update when two processes handle messages of one chat at the same time', async () => {
      // A second "process": its own handler (and pool, on the pool runner) on the same database.
      const otherPool = mode === 'pool' ? createPgPool(db.url, 4) : undefined;
      const other = createInboundHandler({
        prisma: db.prisma,
        engine,
        sink: { enqueue: async () => {} },
        retry: { initialDelayMs: 5, maxDelayMs: 20 },
        ...(otherPool ? { pool: otherPool } : {}),
      });
      try {
        await handler.handle(msg('two-procs', 'halo'));
        const messages = Array.from({ length: 16 }, (_, i) => msg('two-procs', `x${i}`));
        const replies = await Promise.all(messages.map((m, i) => (i % 2 ? other : handler).handle(m)));
        expect(replies.every((r) => r.length === 1)).toBe(true);
        const row = await db.prisma.conversationSession.findFirstOrThrow({
          where: { externalId: 'two-procs' },
        });
        expect(row.version).toBe(17);
        expect(
          await db.prisma.processedInbound.count({
            where: { messageId: { in: messages.map((m) => m.messageId) } },
          }),
        ).toBe(16);
      } finally {
        await otherPool?.end();
      }
    });

    it('forgets message ids older than the retention, so a recycled id is handled again', async () => {
      await db.prisma.processedInbound.create({
        data: {
          channel: 'CONSOLE',
          messageId: 'ancient',
          processedAt: new Date(Date.now() - 8 * 24 * 3600_000),
        },
      });
      await db.prisma.processedInbound.create({ data: { channel: 'CONSOLE', messageId: 'recent' } });
      await handler.handle(msg('prune', 'halo'));
      await vi.waitFor(async () => {
        expect(await db.prisma.processedInbound.count({ where: { messageId: 'ancient' } })).toBe(0);
      });
      expect(await db.prisma.processedInbound.count({ where: { messageId: 'recent' } })).toBe(1);
      expect(texts(await handler.handle(msg('prune', 'halo', 'ancient')))).toHaveLength(1);
      expect(await handler.handle(msg('prune', 'halo', 'recent'))).toEqual([]);
    });

    it('waits for the chat lock another process holds, then handles the message', async () => {
      const other = new pg.Client({ connectionString: parseDatabaseUrl(db.url).connectionString });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['console:locked']);
        let settled = false;
        const handling = handler.handle(msg('locked', 'halo')).then((r) => {
          settled = true;
          return r;
        });
        // Until the handler's session waits on that very lock (a blocked advisory lock request).
        await vi.waitFor(
          async () => {
            const { rows } = await other.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_locks
                WHERE locktype = 'advisory' AND NOT granted AND objid = (hashtext($1)::bigint & 4294967295)::oid
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
              ['console:locked'],
            );
            expect(rows[0]!.n).toBe(1);
          },
          { timeout: 15_000, interval: 20 },
        );
        expect(settled).toBe(false);
        expect(engine.calls).toHaveLength(0);
        await other.query('COMMIT');
        expect(texts(await handling)).toEqual(['Silakan kirim kode undangan Anda.']);
      } finally {
        await other.end();
      }
    });

    it('switches the language and remembers it on the person', async () => {
      await createInvite(db.prisma, seleksiId, { code: 'OFF-EN', role: 'OFFICER', regionCode: '63.09' });
      await handler.handle(msg('eng', 'DAFTAR OFF-EN'));
      await handler.handle(msg('eng', 'bahasa'));
      await handler.handle(msg('eng', 'status'));
      const ctx = engine.calls.at(-1)!.ctx;
      expect(ctx.locale).toBe('en');
      expect(ctx.data.seleksi?.categories[0]?.name.en).toBe('District Social Welfare Worker');
      const identity = await db.prisma.channelIdentity.findFirstOrThrow({
        where: { externalId: 'eng' },
        include: { person: true },
      });
      expect(identity.person.locale).toBe('en');
    });

    it('restarts an unreadable session with a notice instead of failing', async () => {
      await handler.handle(msg('broken', 'halo'));
      await db.prisma.conversationSession.updateMany({
        where: { externalId: 'broken' },
        data: { state: { schemaVersion: 0, step: 'gone' } },
      });
      const replies = texts(await handler.handle(msg('broken', 'halo lagi')));
      expect(replies[0]).toMatch(/tidak dapat dilanjutkan/);
      expect(engine.calls.at(-1)!.state).toEqual({ schemaVersion: 1, locale: 'id', active: null });
    });

    it('logs the error the engine recovered from, with the chat id masked as the logger masks it', async () => {
      const lines: Record<string, unknown>[] = [];
      const logger = createLogger({
        level: 'error',
        destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
      });
      const failing: FakeEngine = {
        ...engine,
        handle: (state, input, ctx) => ({
          ...engine.handle(state, input, ctx),
          error: 'NIK 6371012345678901 broke it',
        }),
      };
      const logged = createInboundHandler({
        prisma: db.prisma,
        engine: failing,
        logger,
        sink: { enqueue: async () => {} },
        ...(pool ? { pool } : {}),
      });
      await logged.handle(msg('081234567890', 'halo', undefined, 'whatsapp'));
      expect(lines).toEqual([
        expect.objectContaining({
          channel: 'whatsapp',
          chatId: '****890',
          error: 'NIK 6371************ broke it',
          msg: 'flow engine recovered from an error',
        }),
      ]);
    });
  });

  describe('juror context', () => {
    it('lists assigned nominees outside the juror’s own kabupaten, flagging scored ones', async () => {
      const s = await seedSmallSeleksi(db.prisma, { phase: 'SCORING', code: 'JURCTX-2026' });
      const tksk = s.categories.find((c) => c.code === 'TKSK')!;
      const psm = s.categories.find((c) => c.code === 'PSM')!;
      const base = { seleksiId: s.id, answers: { alamat: 'Jl. Mawar 1' }, submittedById: 'x' };
      const tabalong = await db.prisma.nomination.create({
        data: {
          ...base,
          categoryId: tksk.id,
          regionCode: '63.09',
          number: 'J-TKSK-001',
          seq: 1,
          nomineeName: 'Ani',
        },
      });
      await db.prisma.nomination.create({
        data: {
          ...base,
          categoryId: tksk.id,
          regionCode: '63.03',
          number: 'J-TKSK-002',
          seq: 2,
          nomineeName: 'Badu',
        },
      });
      await db.prisma.nomination.create({
        data: {
          ...base,
          categoryId: psm.id,
          regionCode: '63.09',
          number: 'J-PSM-001',
          seq: 1,
          nomineeName: 'Citra',
        },
      });
      await createInvite(db.prisma, s.id, {
        code: 'JUR-CTX',
        role: 'JUROR',
        regionCode: '63.03',
        categories: ['TKSK'],
      });
      const welcome = texts(await handler.handle(msg('jctx', 'DAFTAR JUR-CTX')))[0];
      // Scoring is open already: the welcome says so, not "once the scoring phase opens".
      expect(welcome).toMatch(/Tahap penilaian sedang berjalan/);
      expect(welcome).not.toMatch(/saat tahap penilaian dibuka/);
      const person = await db.prisma.channelIdentity.findFirstOrThrow({ where: { externalId: 'jctx' } });
      await db.prisma.scoreSheet.create({
        data: { seleksiId: s.id, nominationId: tabalong.id, jurorId: person.personId },
      });

      const status = texts(await handler.handle(msg('jctx', 'status')))[0];
      const ctx = engine.calls.at(-1)!.ctx;
      expect(ctx.data.seleksi?.categories.map((c) => c.code)).toEqual(['TKSK']);
      expect(ctx.data.allowed.score).toBeNull();
      // Nothing left open on the first page; the scored one counts, their own kabupaten's does not.
      expect(ctx.data.lists.jurorPage).toMatchObject({ items: [], matches: 0, done: 1, total: 1 });
      expect(status).toContain('Penilaian: 1 dari 1 sudah dinilai');

      // Scoring a nominee of their own kabupaten is refused even if a flow offered it.
      const own = await db.prisma.nomination.findFirstOrThrow({ where: { number: 'J-TKSK-002' } });
      const refused = texts(await handler.handle(msg('jctx', `nilai ${own.id} 80`)));
      expect(refused[1]).toMatch(/tidak termasuk daftar/);
      const ok = texts(await handler.handle(msg('jctx', `nilai ${tabalong.id} 80`)));
      expect(ok[1]).toMatch(/Sedang diproses/);
      expect(enqueued).toHaveLength(1);

      // An officer of Tabalong sees the kabupaten's nominations with their answers.
      await createInvite(db.prisma, s.id, { code: 'OFF-CTX', role: 'OFFICER', regionCode: '63.09' });
      await handler.handle(msg('octx', 'DAFTAR OFF-CTX'));
      const officerStatus = texts(await handler.handle(msg('octx', 'status')))[0];
      expect(engine.calls.at(-1)!.ctx.data.lists.myNominations).toEqual([
        {
          id: expect.any(String),
          number: 'J-PSM-001',
          categoryCode: 'PSM',
          nomineeName: 'Citra',
          regionName: 'Kabupaten Tabalong',
          answers: { alamat: 'Jl. Mawar 1' },
        },
        expect.objectContaining({
          number: 'J-TKSK-001',
          categoryCode: 'TKSK',
          answers: { alamat: 'Jl. Mawar 1' },
        }),
      ]);
      expect(officerStatus).toContain('Nominasi Kabupaten Tabalong: 2 terkirim');
    });
  });
});

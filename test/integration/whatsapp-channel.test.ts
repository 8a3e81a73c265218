/**
 * The WhatsApp channel in startApp, through the fake socket (WHATSAPP_SOCKET_MODULE) and the WhatsApp
 * emulator: pairing into Postgres, registration, numbered choices, the message filters (repeats,
 * history, groups, own messages…), a failing typing indicator, reconnects, the lease between two
 * processes, the auth state across a restart, a logout, and a chat matched by phone number.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMembers } from '../../src/app/members-import.ts';
import { pairNumber } from '../../src/channels/whatsapp/pair.ts';
import { WHATSAPP_ACCOUNT, whatsappLeaseKey } from '../../src/channels/whatsapp/socket.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createWhatsappAuthStore } from '../../src/db/whatsapp-auth.ts';
import { createLogger } from '../../src/log.ts';
import { type RunningApp, startApp } from '../../src/main.ts';
import { createRedisLease } from '../../src/queue/lease.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { createFakeSocketFactory } from '../support/fake-whatsapp-socket.ts';
import { testRedisUrl, uniqueQueuePrefix } from '../support/redis.ts';
import { createInvite, seedSmallSeleksi } from '../support/seleksi-fixture.ts';
import { WhatsappEmulator } from '../support/whatsapp-emulator.ts';

const prefix = uniqueQueuePrefix('whatsapp');
const mediaDir = mkdtempSync(join(tmpdir(), 'seleksi-wa-media-'));

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('WhatsApp channel through the fake socket', () => {
  let db: TestDb;
  let emulator: WhatsappEmulator;
  let redis: Redis;
  let seleksiId: string;
  const apps: RunningApp[] = [];
  const logs: string[] = [];

  function start(label: string): Promise<RunningApp> {
    const config = loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl,
      QUEUE_PREFIX: prefix,
      WHATSAPP_ENABLED: 'true',
      WHATSAPP_SOCKET_MODULE: 'test/support/fake-whatsapp-socket.ts',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      MEDIA_DIR: mediaDir,
    });
    const destination = new Writable({
      write(chunk, _enc, done) {
        logs.push(`${label} ${chunk.toString()}`);
        done();
      },
    });
    return startApp({
      config,
      bot: true,
      worker: true,
      logger: createLogger({ level: process.env.WA_LOG_LEVEL ?? 'info', destination }),
    }).then((app) => {
      apps.push(app);
      return app;
    });
  }

  const logged = (text: string) => logs.some((l) => l.includes(text));

  beforeAll(async () => {
    db = await createTestDb('whatsapp');
    seleksiId = (await seedSmallSeleksi(db.prisma)).id;
    emulator = await new WhatsappEmulator().start();
    process.env.FAKE_WHATSAPP_URL = emulator.url;
    redis = new Redis(testRedisUrl);
  });

  afterAll(async () => {
    if (process.env.WA_DUMP_LOG)
      (await import('node:fs')).writeFileSync(process.env.WA_DUMP_LOG, logs.join(''));
    for (const app of apps) await app.stop();
    await emulator?.stop();
    redis?.disconnect();
    await db?.drop();
    delete process.env.FAKE_WHATSAPP_URL;
    rmSync(mediaDir, { recursive: true, force: true });
  });

  it('an unpaired number: the channel says so and stops, the rest of the app runs', async () => {
    const app = await start('unpaired');
    await app.whatsapp!.ended;
    expect(app.whatsapp!.state).toBe('unpaired');
    expect(logged('WhatsApp is not paired yet')).toBe(true);
    expect(emulator.connects).toHaveLength(0);
    await app.stop();
  });

  it('pairs by QR code: the credentials and Signal keys are stored in Postgres', async () => {
    const paired = pairNumber({
      makeSocket: createFakeSocketFactory(emulator.url),
      authStore: createWhatsappAuthStore(db.prisma, WHATSAPP_ACCOUNT),
      lease: createRedisLease(redis, whatsappLeaseKey(prefix)),
      logger: createLogger({ level: 'silent' }),
      onQr: () => emulator.scanQr(),
    });
    await expect(paired).resolves.toEqual({ status: 'paired', account: '6281100000001:7@s.whatsapp.net' });
    const rows = await db.prisma.whatsappAuth.findMany({ orderBy: [{ kind: 'asc' }, { key: 'asc' }] });
    expect(rows.map((r) => `${r.kind}/${r.key}`)).toEqual([
      'creds/',
      'pre-key/1',
      'pre-key/2',
      'session/6281100000001:7.0',
    ]);
    expect(emulator.qrs).toHaveLength(1);
  });

  it('registers with DAFTAR CODE, with a typing indicator and a read receipt; the number is kept', async () => {
    const app = await start('first');
    await until(() => app.whatsapp!.state === 'open', 'the connection');
    // The auth state came back from Postgres: the device connects paired, with its keys.
    expect(emulator.connects.at(-1)).toEqual({ paired: true, keysFound: 2 });
    const code = await createInvite(db.prisma, seleksiId, {
      code: 'WAOFFICER',
      role: 'OFFICER',
      regionCode: '63.09',
    });
    const budi = emulator.user('6281234567001', 'Budi');
    await budi.ask(`DAFTAR ${code}`, /Selamat datang, Budi/);
    expect(emulator.presence).toContainEqual({ jid: budi.jid, type: 'composing' });
    expect(emulator.reads.length).toBeGreaterThan(0);
    const identity = await db.prisma.channelIdentity.findFirstOrThrow({
      where: { channel: 'WHATSAPP', externalId: budi.jid },
      include: { person: true },
    });
    expect(identity.person).toMatchObject({ name: 'Budi', phone: '+6281234567001' });
  });

  it('shows choices as numbered options; the number or the text answers', async () => {
    const budi = emulator.user('6281234567001', 'Budi');
    const asked = await budi.ask('nominasi', /Kategori/);
    expect(asked.at(-1)!.text).toMatch(/^1\. Tenaga Kesejahteraan Sosial Kecamatan/m);
    await budi.ask('1', /Nama lengkap calon/);
    await budi.ask('batal', /dibatalkan|cancelled/i);
    // A quoted reply answers like plain text.
    await budi.ask('nominasi', /Kategori/);
    budi.markRead();
    budi.reply('Tenaga Kesejahteraan Sosial Kecamatan');
    await budi.waitFor(/Nama lengkap calon/);
    await budi.ask('batal', /dibatalkan|cancelled/i);
  });

  it('answers each message key once and leaves out what is not a person writing now', async () => {
    const budi = emulator.user('6281234567001', 'Budi');
    const before = budi.messages.length;
    const repeated = budi.send('status') as { key: { id: string } };
    await until(() => budi.messages.length > before, 'the status reply');
    await new Promise((r) => setTimeout(r, 300));
    const answered = budi.messages.length;
    emulator.upsert([repeated]); // the same key again (a reconnect, a retry)
    const now = Math.floor(Date.now() / 1000);
    const from = (id: string, extra: object) => ({
      key: { remoteJid: budi.jid, fromMe: false, id },
      messageTimestamp: now,
      message: { conversation: 'status' },
      ...extra,
    });
    emulator.upsert([from('OLD-1', { messageTimestamp: now - 86_400 })]); // history: a day old
    emulator.upsert([from('APPEND-1', {})], 'append');
    emulator.upsert([from('GROUP-1', { key: { remoteJid: '1203630@g.us', fromMe: false, id: 'GROUP-1' } })]);
    emulator.upsert([
      from('STATUS-1', { key: { remoteJid: 'status@broadcast', fromMe: false, id: 'STATUS-1' } }),
    ]);
    emulator.upsert([from('OWN-1', { key: { remoteJid: budi.jid, fromMe: true, id: 'OWN-1' } })]);
    emulator.upsert([
      from('REACT-1', { message: { reactionMessage: { text: '👍', key: repeated.key } } }),
      from('PROTO-1', { message: { protocolMessage: { type: 0, key: repeated.key } } }),
    ]);
    budi.send('bantuan'); // a marker: answered after everything above was dealt with (one chat, in order)
    await budi.waitFor(/Bantuan/);
    // The first message after the status reply is the help: nothing above was answered.
    expect(budi.messages[answered]!.text).toMatch(/Bantuan/);
    expect(emulator.messagesTo('1203630@g.us')).toHaveLength(0);
    expect(
      await db.prisma.processedInbound.count({
        where: { messageId: `${budi.jid}/${repeated.key.id}` },
      }),
    ).toBe(1);
  });

  it('a failing typing indicator never holds the reply back', async () => {
    emulator.failPresence = true;
    const budi = emulator.user('6281234567001', 'Budi');
    await budi.ask('status', /.+/);
    emulator.failPresence = false;
  });

  it('reconnects after a dropped connection and after "restart required"', async () => {
    const budi = emulator.user('6281234567001', 'Budi');
    const connects = emulator.connects.length;
    emulator.drop(428);
    const open = () => apps.at(-1)!.whatsapp!.state === 'open';
    await until(() => emulator.connects.length === connects + 1 && open(), 'a reconnection');
    emulator.drop(515);
    await until(() => emulator.connects.length === connects + 2 && open(), 'a restart');
    await budi.ask('status', /.+/);
    expect(logged('whatsapp connection closed; reconnecting')).toBe(true);
  });

  it('one process holds the number: a second one waits, says so, and takes over when the first stops', async () => {
    const [first] = apps.slice(-1);
    const second = await start('second');
    await until(
      () => logs.some((l) => l.startsWith('second') && l.includes('in use by another process')),
      'the waiting line',
    );
    const connects = emulator.connects.length;
    await first!.stop();
    await until(() => second.whatsapp!.state === 'open', 'the second process to connect', 15_000);
    expect(emulator.connects.length).toBe(connects + 1);
    // The session survived: Budi is still registered in the new process.
    const budi = emulator.user('6281234567001', 'Budi');
    await budi.ask('status', /.+/);
    expect(budi.messages.at(-1)!.text).not.toMatch(/DAFTAR/);
  });

  it('matches an imported member by phone number on their first message', async () => {
    await importMembers(db.prisma, { seleksi: seleksiId, csv: 'nama,no_hp\nSiti Imported,0812-3456-7002\n' });
    const person = await db.prisma.person.findUniqueOrThrow({ where: { phone: '+6281234567002' } });
    const siti = emulator.user('6281234567002', 'Siti');
    await siti.ask('halo', /Siti Imported/);
    expect(
      await db.prisma.channelIdentity.count({ where: { personId: person.id, channel: 'WHATSAPP' } }),
    ).toBe(1);
  });

  it('logged out: one clear line, the channel stops and forgets the pairing, the app keeps running', async () => {
    const app = apps.at(-1)!;
    emulator.logoutDevice();
    expect(await app.whatsapp!.ended).toBe('logged-out');
    expect(logs.filter((l) => l.includes('WhatsApp logged out'))).toHaveLength(1);
    expect(await db.prisma.whatsappAuth.count()).toBe(0);
    const health = await fetch(`http://127.0.0.1:${app.httpPort}/healthz`);
    expect(health.status).toBe(200);
  });
});

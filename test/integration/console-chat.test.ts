import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoData, ensureDemoData } from '../../src/app/demo-data.ts';
import { flowKinds } from '../../src/app/flow-steps/index.ts';
import { createInboundHandler } from '../../src/app/handle-inbound.ts';
import { createInvite } from '../../src/app/invites.ts';
import { FLOWS_DIR } from '../../src/config/project-root.ts';
import type { InboundMessage } from '../../src/core/messages.ts';
import { createFlowEngine } from '../../src/flow-engine/engine.ts';
import { loadFlows } from '../../src/flow-engine/load.ts';
import { spawnChat } from '../support/console-process.ts';
import { TKSK_NOMINATION } from '../support/console-scripts.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { uniqueQueuePrefix } from '../support/redis.ts';
import { kalselRegionsDir } from '../support/regions-subset.ts';

let db: TestDb;
let demo: DemoData;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDb('console_chat');
  demo = await ensureDemoData(db.prisma, { print: () => {}, regionsDataDir: kalselRegionsDir() });
  env = { DATABASE_URL: db.url, QUEUE_PREFIX: uniqueQueuePrefix('console-chat') };
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

const code = (role: string) => demo.invites.find((i) => i.role === role)!.code;

describe('ensureDemoData', () => {
  it('creates the example seleksi open for nomination with an officer and a juror invite', async () => {
    expect(demo.regionsLoaded).toBe(true);
    expect(demo.created?.code).toBe('KALSEL-2026');
    expect(demo.invites.map((i) => [i.role, i.region, i.categories])).toEqual([
      ['OFFICER', 'Kabupaten Tabalong', []],
      ['JUROR', 'Kabupaten Banjar', ['TKSK']],
    ]);
    const s = await db.prisma.seleksi.findFirstOrThrow();
    expect(s.phase).toBe('NOMINATION');
    const again = await ensureDemoData(db.prisma, { print: () => {} });
    expect(again.created).toBeNull();
    expect(await db.prisma.seleksi.count()).toBe(1);
  });
});

describe('seleksi chat (scripted, no TTY)', () => {
  it('asks an unregistered chat for its invite code and exits 0 at the end of input', async () => {
    const chat = spawnChat(['--user', 'stranger'], env);
    chat.send('halo');
    chat.send('/foto');
    chat.send('/dokumen /tidak/ada.pdf');
    expect(await chat.end()).toBe(0);
    expect(chat.stdout()).toContain('Chat ini belum terdaftar.');
    expect(chat.stdout()).toContain('Ketik kode undangan');
    // Issue 15: file commands the console cannot send are answered with the reason.
    expect(chat.stdout()).toContain('ℹ️ Cara pakai: /foto PATH [keterangan]');
    expect(chat.stdout()).toContain('⚠️ Berkas tidak ditemukan: /tidak/ada.pdf (file not found).');
    expect(chat.stdout()).not.toContain('tidak dikenal');
  }, 60_000);

  it('registers with --as, runs a whole nomination, and exits after the confirmation arrived', async () => {
    const chat = spawnChat(['--user', 'budi', '--as', code('OFFICER')], env);
    for (const step of TKSK_NOMINATION) chat.send(step.say);
    expect(await chat.end()).toBe(0);
    const out = chat.stdout();
    expect(out).toContain(
      'Selamat datang, Petugas Tabalong! Anda terdaftar sebagai petugas Kabupaten Tabalong',
    );
    expect(out).toMatch(/2\. Tenaga Kesejahteraan Sosial Kecamatan \(TKSK\)/); // numbered options
    expect(out).toContain('⏳ Sedang diproses');
    expect(out.trimEnd().endsWith('✅ Nominasi tercatat: KALSEL-2026-TKSK-001')).toBe(true);

    const nomination = await db.prisma.nomination.findUniqueOrThrow({
      where: { number: 'KALSEL-2026-TKSK-001' },
    });
    expect(nomination).toMatchObject({ nomineeName: 'Siti Aminah', regionCode: '63.09' });
    expect(nomination.answers).toMatchObject({ no_hp: '+6281234567890', nik: '6309015203800001' });
    const submission = await db.prisma.submission.findFirstOrThrow({ where: { externalId: 'budi' } });
    expect(submission).toMatchObject({
      status: 'DONE',
      channel: 'CONSOLE',
      resultRef: 'KALSEL-2026-TKSK-001',
    });
    expect(submission.confirmedAt).not.toBeNull();
  }, 90_000);

  it('refuses the used code in another chat with a clear message', async () => {
    const chat = spawnChat(['--user', 'tono', '--as', code('OFFICER')], env);
    expect(await chat.end()).toBe(0);
    expect(chat.stdout()).toContain(`❌ Kode undangan ${code('OFFICER')} sudah dipakai.`);
    expect(await db.prisma.channelIdentity.count({ where: { externalId: 'tono' } })).toBe(0);
  }, 60_000);
});

describe('two chats interleaved (real engine)', () => {
  let n = 0;
  const handlerOf = () => {
    const engine = createFlowEngine(loadFlows(FLOWS_DIR, flowKinds), flowKinds);
    const handler = createInboundHandler({ prisma: db.prisma, engine, sink: { enqueue: async () => {} } });
    return async (chatId: string, text: string) => {
      const m: InboundMessage = {
        channel: 'console',
        chatId,
        messageId: `il-${++n}`,
        receivedAt: new Date(),
        content: { type: 'text', text },
      };
      return (await handler.handle(m))
        .map((r) => [r.text, ...(r.choices ?? []).map((c, i) => `${i + 1}. ${c.label}`)].join('\n'))
        .join('\n');
    };
  };

  it('shows the categories in the new language when bahasa comes in the middle of the question', async () => {
    const say = handlerOf();
    const invite = await createInvite(db.prisma, {
      seleksi: demo.created!.id,
      role: 'OFFICER',
      region: 'Tapin',
    });
    await say('sari', `DAFTAR ${invite.code}`);
    expect(await say('sari', 'nominasi')).toContain('1. Pekerja Sosial Masyarakat (PSM)');
    const english = await say('sari', 'bahasa');
    expect(english).toContain('Category of the nominee');
    expect(english).toContain('1. Community Social Worker (PSM)');
    expect(await say('sari', 'bahasa')).toContain('1. Pekerja Sosial Masyarakat (PSM)');
  }, 60_000);

  it('each keeps its own place in the nomination flow', async () => {
    const say = handlerOf();
    const seleksiId = demo.created!.id;
    for (const user of ['ani', 'badu']) {
      const invite = await createInvite(db.prisma, {
        seleksi: seleksiId,
        role: 'OFFICER',
        region: 'Balangan',
      });
      expect(await say(user, `DAFTAR ${invite.code}`)).toContain('Selamat datang');
    }
    // ani starts first; badu is one question behind all the way.
    const steps = TKSK_NOMINATION.slice(0, 8);
    for (let i = 0; i < steps.length; i++) {
      const forAni = await say('ani', steps[i]!.say);
      if (i + 1 < steps.length) expect(forAni).toMatch(steps[i + 1]!.expect);
      if (i > 0) {
        const forBadu = await say('badu', steps[i - 1]!.say);
        expect(forBadu).toMatch(steps[i]!.expect);
      }
    }
  }, 60_000);
});

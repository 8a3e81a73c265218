import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoData } from '../../src/app/demo-data.ts';
import { spawnChat } from '../support/console-process.ts';
import { TKSK_NOMINATION } from '../support/console-scripts.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { uniqueQueuePrefix } from '../support/redis.ts';
import { kalselRegionsDir } from '../support/regions-subset.ts';

let db: TestDb;
let officerCode: string;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDb('crash_resume');
  const demo = await ensureDemoData(db.prisma, { print: () => {}, regionsDataDir: kalselRegionsDir() });
  officerCode = demo.invites.find((i) => i.role === 'OFFICER')!.code;
  env = { DATABASE_URL: db.url, QUEUE_PREFIX: uniqueQueuePrefix('crash-resume') };
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

describe('a chat process killed mid-flow', () => {
  it('resumes at the same question with the earlier answers kept', async () => {
    const half = TKSK_NOMINATION.findIndex((s) => /Nomor HP/.test(s.expect.source));
    expect(half).toBeGreaterThan(3);

    const first = spawnChat(['--user', 'siti', '--as', officerCode], env);
    let from = 0;
    await first.waitFor(/Selamat datang/, from);
    from = first.stdout().length;
    // Answer up to (not including) the phone number, each answer after its question was shown.
    for (let i = 0; i < half; i++) {
      first.send(TKSK_NOMINATION[i]!.say);
      await first.waitFor(TKSK_NOMINATION[i + 1]!.expect, from);
      from = first.stdout().length;
    }
    await first.kill(); // SIGKILL: no clean shutdown at all

    const session = await db.prisma.conversationSession.findFirstOrThrow({ where: { externalId: 'siti' } });
    expect((session.state as { active: unknown }).active).not.toBeNull();

    const second = spawnChat(['--user', 'siti'], env);
    for (let i = half; i < TKSK_NOMINATION.length; i++) {
      const before = second.stdout().length;
      second.send(TKSK_NOMINATION[i]!.say);
      if (i === half) {
        // The phone number is taken as the answer to the question asked before the crash.
        const reply = await second.waitFor(TKSK_NOMINATION[i + 1]!.expect, before);
        expect(reply).not.toMatch(/belum terdaftar|Apa yang ingin Anda lakukan/);
      }
    }
    expect(await second.end()).toBe(0);
    expect(second.stdout()).toContain('✅ Nominasi tercatat: KALSEL-2026-TKSK-001');

    const nomination = await db.prisma.nomination.findUniqueOrThrow({
      where: { number: 'KALSEL-2026-TKSK-001' },
    });
    expect(nomination.nomineeName).toBe('Siti Aminah');
    expect(nomination.answers).toMatchObject({
      nik: '6309015203800001', // answered before the crash
      pekerjaan: 'Wiraswasta', // the last answer before the crash
      no_hp: '+6281234567890', // the first answer after it
    });
  }, 120_000);
});

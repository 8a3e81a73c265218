/**
 * `seleksi start` with no messenger configured (fresh database, only Postgres and Redis): it loads
 * the demo data and opens the terminal chat, so `npm start` is usable on a new machine.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectRoot } from '../../src/db/migrate.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { uniqueQueuePrefix } from '../support/redis.ts';

let db: TestDb;

beforeAll(async () => {
  db = await createTestDb('e2e_start_console');
});

afterAll(async () => {
  await db?.drop();
});

it('opens a terminal chat on demo data when neither Telegram nor WhatsApp is configured', async () => {
  const child = spawn('node', ['bin/seleksi.js', 'start'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      TELEGRAM_BOT_TOKEN: '',
      WHATSAPP_ENABLED: 'false',
      QUEUE_PREFIX: uniqueQueuePrefix('e2e-start-console'),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  // The officer's demo invite code is printed on stderr; register with it and stop.
  const code = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const found = /^\s+([A-Z2-9]{8})\s+petugas/m.exec(stderr);
      if (found) resolve(found[1]!);
    });
    child.once('exit', () => reject(new Error(`start exited before printing invites:\n${stderr}`)));
  });
  expect(stderr).toContain('No messenger configured');
  child.stdin.end(`DAFTAR ${code}\n`);
  const [exitCode] = await once(child, 'exit');
  expect({ exitCode, stderr: exitCode === 0 ? '' : stderr }).toEqual({ exitCode: 0, stderr: '' });
  expect(stdout).toContain('Tabalong');
  const invite = await db.prisma.invite.findUniqueOrThrow({ where: { code } });
  expect(invite.usedAt).not.toBeNull();
}, 120_000);

/**
 * `seleksi start` with no messenger configured (fresh database, only Postgres and Redis): it loads
 * the demo data and opens the terminal chat, so `npm start` is usable on a new machine.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createInvite } from '../../src/app/invites.ts';
import { projectRoot } from '../../src/config/project-root.ts';
import { spawnChat } from '../support/console-process.ts';
import { TKSK_NOMINATION } from '../support/console-scripts.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { uniqueQueuePrefix } from '../support/redis.ts';

let db: TestDb;

beforeAll(async () => {
  db = await createTestDb('e2e_start_console');
});

afterAll(async () => {
  await db?.drop();
});

const queuePrefix = uniqueQueuePrefix('e2e-start-console');
const env = { TELEGRAM_BOT_TOKEN: '', WHATSAPP_ENABLED: 'false', QUEUE_PREFIX: queuePrefix };

/** `seleksi start` with no messenger; resolves once it printed the demo invite codes. */
async function startConsole() {
  const child = spawn('node', ['bin/seleksi.js', 'start'], {
    cwd: projectRoot,
    env: { ...process.env, ...env, DATABASE_URL: db.url },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  // The unused demo invite codes are printed on stderr, the juror's last.
  const codes = await new Promise<{ officer?: string }>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      out.stderr += d.toString();
      const officer = /^\s+([A-Z2-9]{8})\s+petugas/m.exec(out.stderr);
      if (/^\s+([A-Z2-9]{8})\s+juri/m.test(out.stderr)) resolve({ officer: officer?.[1] });
    });
    child.once('exit', () => reject(new Error(`start exited before printing invites:\n${out.stderr}`)));
  });
  return { child, out, codes };
}

it('opens a terminal chat on demo data when neither Telegram nor WhatsApp is configured', async () => {
  const { child, out, codes } = await startConsole();
  expect(out.stderr).toContain('No messenger configured');
  child.stdin.end(`DAFTAR ${codes.officer!}\n`);
  const [exitCode] = await once(child, 'exit');
  expect({ exitCode, stderr: exitCode === 0 ? '' : out.stderr }).toEqual({ exitCode: 0, stderr: '' });
  expect(out.stdout).toContain('Tabalong');
  const invite = await db.prisma.invite.findUniqueOrThrow({ where: { code: codes.officer! } });
  expect(invite.usedAt).not.toBeNull();
}, 120_000);

// Issue 15 item 8: `npm start` in one terminal, `seleksi chat` in another. Both run a submission
// worker; whichever writes the chat's nomination, its confirmation appears in the chat's terminal
// and never in the other one.
it("delivers a console chat's confirmation to its own terminal while seleksi start runs", async () => {
  const { child, out } = await startConsole();
  // start's own chat answered (its worker started before it reads input): it waits first for jobs.
  child.stdin.write('halo\n');
  await new Promise<void>((resolve) => {
    const check = () => (out.stdout.trim() !== '' ? resolve() : setTimeout(check, 50));
    check();
  });
  const seleksi = await db.prisma.seleksi.findFirstOrThrow();
  const invite = await createInvite(db.prisma, { seleksi: seleksi.id, role: 'OFFICER', region: 'Tabalong' });
  const chat = spawnChat(['--user', 'budi', '--as', invite.code], { ...env, DATABASE_URL: db.url });
  for (const step of TKSK_NOMINATION) chat.send(step.say);
  expect(await chat.end()).toBe(0);
  child.stdin.end();
  await once(child, 'exit');
  expect(chat.stdout().trimEnd()).toMatch(/✅ Nominasi tercatat: KALSEL-2026-TKSK-\d{3}$/);
  expect(out.stdout).not.toContain('Nominasi tercatat');
  expect(out.stdout).not.toContain('[→ budi]');
}, 120_000);

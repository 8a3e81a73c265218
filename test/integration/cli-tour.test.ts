/**
 * The README's Quick tour, run as written after `npm start` (step 1) on an empty database: each line
 * of its `sh` block in bash, in order, with `npx seleksi` being this checkout's bin/seleksi.js and the
 * shell variables (`ID=$(…)`) carried from line to line. Budi's chat gets a typed nomination on stdin.
 * Then an admin registers in a chat and asks `status` (issue 15 items 9, 13, 15).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../../src/config/project-root.ts';
import { parseDatabaseUrl, withSchema } from '../../src/db/database-url.ts';
import { TKSK_NOMINATION } from '../support/console-scripts.ts';
import { testDatabaseUrl } from '../support/db.ts';
import { uniqueQueuePrefix } from '../support/redis.ts';

// About 20 CLI runs one after the other, a regions load among them: minutes on a busy 2-core machine.
vi.setConfig({ testTimeout: 1_800_000, hookTimeout: 120_000 });

const schema = `t_cli_tour_${process.pid}_${Date.now().toString(36)}`;
const databaseUrl = withSchema(testDatabaseUrl, schema);
const queuePrefix = uniqueQueuePrefix('cli-tour');
const dir = mkdtempSync(join(tmpdir(), 'seleksi-tour-'));
const state = join(dir, '.tour-state.sh');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a bash script in the tour's directory, `npx seleksi` meaning this checkout's executable. */
function bash(script: string, stdin = ''): Promise<Run> {
  const base = { ...process.env };
  for (const key of Object.keys(base))
    if (key.startsWith('TELEGRAM_') || key === 'WHATSAPP_ENABLED') delete base[key];
  const prelude = [
    `npx() { if [ "$1" != seleksi ]; then echo "not seleksi: $*" >&2; return 127; fi; shift; "${process.execPath}" "${join(projectRoot, 'bin', 'seleksi.js')}" "$@"; }`,
    `[ -f "${state}" ] && . "${state}"`,
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `${prelude}\n${script}`], {
      cwd: dir,
      env: { ...base, DATABASE_URL: databaseUrl, QUEUE_PREFIX: queuePrefix, LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** The commands of the README's Quick tour block, with their comments. */
function tourLines(): { command: string; comment: string }[] {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick tour'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
    .map((l) => {
      const m = /^(.*?)(?:\s+#\s(.*))?$/.exec(l)!;
      return { command: m[1]!.trim(), comment: m[2] ?? '' };
    });
}

/** Runs one tour line and keeps the variables it set (`ID=$(…)`) for the next lines. */
function tourLine(command: string, stdin = ''): Promise<Run> {
  const assigned = /^([A-Z_]+)=/.exec(command)?.[1];
  const keep = assigned ? `\nrc=$?; declare -p ${assigned} >> "${state}"; exit $rc` : '';
  return bash(`${command}${keep}`, stdin);
}

afterAll(async () => {
  const client = new pg.Client({ connectionString: parseDatabaseUrl(testDatabaseUrl).connectionString });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

beforeAll(() => {
  // Budi's photo (the chat's /foto reads a file) and the definitions the tour names.
  writeFileSync(
    join(dir, 'kegiatan.jpg'),
    Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'),
  );
  symlinkSync(join(projectRoot, 'examples'), join(dir, 'examples'));
});

describe('the README Quick tour after npm start', () => {
  it('runs line by line as written; only the close that the README says refuses fails, on one line', async () => {
    // Step 1 (`npm start` = migrate, then start): no messenger → the example, and a chat that ends with stdin.
    const start = await bash('npx seleksi migrate && npx seleksi start');
    expect(start.code, start.stderr).toBe(0);
    // The regions load reports its progress (bars on a terminal, lines here).
    expect(start.stderr).toContain('wilayah desa/kelurahan: 83762/83762');
    expect(start.stderr).toContain('KALSEL-2026');

    const lines = tourLines();
    expect(lines.map((l) => l.command)).toContain('npx seleksi close $ID');
    const outputs: Record<string, Run> = {};
    for (const { command, comment } of lines) {
      const chat = command.includes('seleksi chat');
      // Budi's photo is the file next to the tour (the console checks that it exists).
      const typed = TKSK_NOMINATION.map((s) =>
        s.say.startsWith('/foto ') ? '/foto kegiatan.jpg Penyuluhan' : s.say,
      );
      const r = await tourLine(command, chat ? `${typed.join('\n')}\n` : '');
      outputs[command] = r;
      process.stderr.write(`tour: exit ${r.code}: ${command}\n`);
      if (comment.includes('refuses')) {
        expect(r.code, `${command}\n${r.stderr}`).not.toBe(0);
        expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
      } else {
        expect(r.code, `${command}\n${r.stdout}\n${r.stderr}`).toBe(0);
      }
    }
    expect(outputs['npx seleksi chat --user budi --as $OFFICER']!.stdout).toContain('Nominasi tercatat');
    const status = JSON.parse(outputs['npx seleksi status $ID --json']!.stdout);
    expect(status.counts.nominations.byCategory.TKSK).toBe(1);
    expect(status.jurors.map((j: { homeRegionName: string }) => j.homeRegionName)).toEqual([
      'Kabupaten Banjar',
    ]);
    expect(outputs['npx seleksi close $ID']!.stderr).toMatch(/lembar nilai|score sheets/i);
    expect(outputs['npx seleksi close $ID --force']!.stdout).toMatch(/[0-9a-f]{64}/);

    // Item 9: an admin of the province registers in a chat and asks `status` (the bot's admin command):
    // what `seleksi status` shows, shortened for a phone.
    const code = (await bash('npx seleksi invite --seleksi KALSEL-2026 --role admin')).stdout.trim();
    const admin = await bash(`npx seleksi chat --user ani --as ${code}`, 'status\ntutup\numumkan\n');
    expect(admin.code, admin.stderr).toBe(0);
    expect(admin.stdout).toContain('Anda terdaftar sebagai admin Seleksi Pilar-Pilar Sosial Teladan');
    expect(admin.stdout).not.toContain('(-)');
    expect(admin.stdout).not.toContain('`');
    const adminStatus = admin.stdout.slice(admin.stdout.indexOf('Tahap: '));
    expect(adminStatus).toContain('Tahap: ditutup');
    expect(adminStatus).toContain('Tenggat: nominasi 2026-06-01 – 2026-06-30, penilaian s.d. 2026-07-24');
    expect(adminStatus).toContain('Nominasi: 1 (TKSK 1)');
    expect(adminStatus).toContain('Lembar nilai: 0/1');
    expect(adminStatus).toMatch(/• \S+ \(Kabupaten Banjar\): 0\/1/);
    // The previews refuse what the confirmation would: closed already; no messenger to broadcast on here.
    expect(admin.stdout).toContain('❌ fase salah: KALSEL-2026 sedang ditutup (CLOSED)');
    expect(admin.stdout).toContain('❌ tidak ada kanal untuk siaran');
  });
});

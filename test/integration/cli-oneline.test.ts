/**
 * PRODUCT.md §5: every failure of `seleksi` is ONE line on stderr (id/en) with a non-zero exit —
 * usage errors without the help dump, an unreachable database without Prisma's dump, every problem of
 * a definition with its place, numbers that are not numbers, `--json` failures as a JSON document,
 * `chat --as` with an unknown code (issue 15 item 11).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnCli } from '../support/cli.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { uniqueQueuePrefix } from '../support/redis.ts';

const queuePrefix = uniqueQueuePrefix('cli-oneline');
let db: TestDb;

type Run = Awaited<ReturnType<typeof spawnCli>>;

/** Runs the real `seleksi` executable against this file's private schema. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return spawnCli(args, { databaseUrl: db.url, queuePrefix }, env);
}

/** A failure: non-zero exit, nothing on stdout, exactly one line on stderr containing `text`. */
function expectOneLine(r: Run, text: string): void {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stdout, r.stderr).toBe('');
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toContain(text);
}

vi.setConfig({ testTimeout: 300_000 });

beforeAll(async () => {
  db = await createTestDb('cli_oneline');
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

describe('every failure is one line', () => {
  it('usage errors, --version, an unreachable database, bad numbers, every definition problem, chat --as NOPE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seleksi-oneline-'));
    const broken = join(dir, 'three-problems.yaml');
    writeFileSync(
      broken,
      readFileSync('test/fixtures/definitions/weights-not-100.yaml', 'utf8').replace(
        'weight: 50, min: 1, max: 100',
        'weight: 40, min: 5, max: 2',
      ),
    );
    const unreachable = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5999/seleksi' };
    const [missingArg, unknownOption, unknownCommand, version, noDb, noDbJson, days, definition, chat] =
      await Promise.all([
        cli(['open']),
        cli(['status', 'X', '--bogus']),
        cli(['opne']),
        cli(['--version']),
        cli(['status', 'X'], unreachable),
        cli(['status', 'NOPE', '--json'], unreachable),
        cli(['invite', '--seleksi', 'X', '--role', 'officer', '--expires-days', 'abc']),
        cli(['create', '--file', broken]),
        cli(['chat', '--user', 'tamu', '--as', 'NOPE2345']),
      ]);
    expectOneLine(
      missingArg,
      "argumen wajib tidak ada (missing required argument 'id'); lihat (see) seleksi open --help",
    );
    expectOneLine(unknownOption, "opsi tidak dikenal (unknown option '--bogus')");
    expectOneLine(unknownCommand, "perintah tidak dikenal (unknown command 'opne')");
    expect(version).toEqual({
      code: 0,
      stdout: `${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`,
      stderr: '',
    });
    expectOneLine(noDb, 'Tidak dapat terhubung ke database di 127.0.0.1:5999 (DATABASE_URL)');
    // With --json the same line, and a JSON document on stdout.
    expect(noDbJson.code).toBe(1);
    expect(noDbJson.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(noDbJson.stdout)).toEqual({
      error: expect.stringContaining('Tidak dapat terhubung ke database di 127.0.0.1:5999'),
    });
    expectOneLine(days, "option '--expires-days <days>' argument 'abc' is invalid");
    expect(days.stderr).not.toContain('NaN');
    expectOneLine(
      definition,
      `${broken}: 3 masalah (problems): categories[0] (PSM): weights sum to 90, must be 100; ` +
        'categories[0] (PSM).criteria[0] (TUGAS_POKOK): min (5) must be less than max (2); ' +
        'categories[1] (TKSK): weights sum to 90, must be 100',
    );
    expectOneLine(chat, 'Kode undangan NOPE2345 tidak dikenal');
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvites } from '../../src/app/invites.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { seedSmallSeleksi } from '../support/seleksi-fixture.ts';

let db: TestDb;

beforeAll(async () => {
  db = await createTestDb('invites_bulk');
  await seedSmallSeleksi(db.prisma);
});

afterAll(async () => {
  await db.drop();
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    TELEGRAM_BOT_USERNAME: 'SeleksiKalselBot',
  };
  delete env.TELEGRAM_BOT_TOKEN;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/seleksi.js', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('member invites at scale', () => {
  it('creates N distinct single-use codes in one go, with the region', async () => {
    const invites = await createInvites(
      db.prisma,
      { seleksi: 'KALSEL-2026', role: 'MEMBER', region: 'Tabalong' },
      2_500,
    );
    expect(invites).toHaveLength(2_500);
    expect(new Set(invites.map((i) => i.code)).size).toBe(2_500);
    expect(invites.every((i) => i.regionCode === '63.09' && /^[A-HJ-NP-Z2-9]{8}$/.test(i.code))).toBe(true);
    expect(await db.prisma.invite.count({ where: { role: 'MEMBER', regionCode: '63.09' } })).toBe(2_500);
  });

  it('seleksi invite --count prints one code and deep link per line and writes the CSV', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'invites-')), 'codes.csv');
    const r = await cli([
      'invite',
      '--seleksi',
      'KALSEL-2026',
      '--role',
      'member',
      '--count',
      '5',
      '--out',
      out,
    ]);
    expect(r.stderr).toContain('5 undangan KALSEL-2026 (member)');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines)
      expect(line).toMatch(/^([A-Z2-9]{8}) https:\/\/t\.me\/SeleksiKalselBot\?start=\1$/);
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('code,link,whatsapp,role,region,expires_at');
    expect(csv).toHaveLength(6);
    expect(csv[1]).toMatch(
      /^[A-Z2-9]{8},https:\/\/t\.me\/SeleksiKalselBot\?start=[A-Z2-9]{8},DAFTAR [A-Z2-9]{8},member,,\d{4}-/,
    );
  }, 60_000);
});

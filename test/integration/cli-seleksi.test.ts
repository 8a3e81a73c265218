import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pgPoolOf } from '../../src/db/client.ts';
import { loadRegions } from '../../src/db/regions.ts';
import { spawnCli } from '../support/cli.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { uniqueQueuePrefix } from '../support/redis.ts';

const queuePrefix = uniqueQueuePrefix('cli-seleksi');
let db: TestDb;
let seleksiId = '';

type Run = Awaited<ReturnType<typeof spawnCli>>;

/** Runs the real `seleksi` executable against this file's private schema. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return spawnCli(args, { databaseUrl: db.url, queuePrefix }, env);
}

/** A failure: non-zero exit, nothing on stdout, exactly one line on stderr. */
function expectOneLineError(r: Run, text: string | RegExp): void {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stdout, r.stderr).toBe('');
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  if (typeof text === 'string') expect(r.stderr).toContain(text);
  else expect(r.stderr).toMatch(text);
}

const CODE = /^[A-HJ-NP-Z2-9]{8}$/;

// Each CLI run starts a Node process (about a second, more on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  db = await createTestDb('cli_seleksi');
  await loadRegions(pgPoolOf(db.prisma));
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

describe('seleksi create', () => {
  it('creates the example in phase DRAFT and prints only the id on stdout', async () => {
    const r = await cli(['create', '--file', 'examples/kalsel-2026.yaml']);
    expect(r.stderr).toContain('KALSEL-2026');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\S+\n$/);
    seleksiId = r.stdout.trim();
    const s = await db.prisma.seleksi.findUniqueOrThrow({
      where: { id: seleksiId },
      include: { categories: { include: { criteria: true }, orderBy: { position: 'asc' } } },
    });
    expect(s).toMatchObject({ code: 'KALSEL-2026', phase: 'DRAFT', regionCode: '63', level: 'PROVINSI' });
    expect(s.tieBreak).toEqual(['criterion:INOVASI', 'spread', 'submitted_at', 'lot']);
    expect(s.categories.map((c) => c.code)).toEqual(['PSM', 'TKSK', 'KARANG_TARUNA', 'LKS', 'TAGANA']);
    for (const c of s.categories) expect(c.criteria.reduce((sum, k) => sum + k.weight, 0)).toBe(100);
    expect(await db.prisma.auditEvent.count({ where: { seleksiId, action: 'seleksi.created' } })).toBe(1);
  });

  it('prints the id again for the same definition, and refuses another definition under a taken code', async () => {
    const again = await cli(['create', '--file', 'examples/kalsel-2026.yaml']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`${seleksiId}\n`);
    expect(again.stderr).toContain('already created from the same definition');
    const changed = join(mkdtempSync(join(tmpdir(), 'seleksi-def-')), 'kalsel-renamed.yaml');
    writeFileSync(
      changed,
      readFileSync('examples/kalsel-2026.yaml', 'utf8').replace(/^name: .*$/m, 'name: "Nama Lain"'),
    );
    expectOneLineError(await cli(['create', '--file', changed]), 'already exists');
    expect(await db.prisma.seleksi.count()).toBe(1);
  });

  it('refuses an invalid file and an unknown region, writing nothing', async () => {
    const fixture = (name: string) => cli(['create', '--file', `test/fixtures/definitions/${name}`]);
    const [weights, code, name, missing] = await Promise.all([
      fixture('weights-not-100.yaml'),
      fixture('unknown-region-code.yaml'),
      fixture('unknown-region-name.yaml'),
      cli(['create', '--file', 'no/such/file.yaml']),
    ]);
    expectOneLineError(
      weights,
      'test/fixtures/definitions/weights-not-100.yaml: categories[1] (TKSK): weights sum to 90, must be 100',
    );
    expectOneLineError(code, 'unknown-region-code.yaml: region: unknown region code "99"');
    expectOneLineError(name, 'unknown-region-name.yaml: region: unknown region "Atlantis"');
    expectOneLineError(missing, 'no/such/file.yaml');
    expect(await db.prisma.seleksi.count()).toBe(1);
    expect(await db.prisma.category.count()).toBe(5);
  });
});

describe('seleksi invite', () => {
  it('invites an officer of Tabalong by name and prints the code alone', async () => {
    const r = await cli(['invite', '--seleksi', seleksiId, '--role', 'officer', '--region', 'Tabalong']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(CODE);
    expect(r.stderr).toContain(`DAFTAR ${lines[0]}`);
    const invite = await db.prisma.invite.findUniqueOrThrow({ where: { code: lines[0] } });
    expect(invite).toMatchObject({ role: 'OFFICER', regionCode: '63.09', usedAt: null, seleksiId });
    const days = (invite.expiresAt!.getTime() - invite.createdAt.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(30);
  });

  it('adds the Telegram deep link when the bot username is known', async () => {
    const r = await cli(
      [
        'invite',
        '--seleksi',
        'KALSEL-2026',
        '--role',
        'juror',
        '--categories',
        'tksk,PSM',
        '--region',
        'Banjarbaru',
      ],
      { TELEGRAM_BOT_USERNAME: 'SeleksiUjiBot' },
    );
    expect(r.code).toBe(0);
    const [code, link] = r.stdout.trimEnd().split('\n');
    expect(code).toMatch(CODE);
    expect(link).toBe(`https://t.me/SeleksiUjiBot?start=${code}`);
    const invite = await db.prisma.invite.findUniqueOrThrow({ where: { code } });
    expect(invite).toMatchObject({ role: 'JUROR', regionCode: '63.72', categories: ['TKSK', 'PSM'] });
  });

  describe('with a token, asks getMe for the username', () => {
    let server: Server;
    let root = '';
    let healthy = true;
    beforeAll(async () => {
      server = createServer((req, res) => {
        const ok = healthy && req.url === '/botTEST:TOKEN/getMe';
        res.writeHead(ok ? 200 : 500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok ? { ok: true, result: { username: 'GetMeBot' } } : { ok: false }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('prints the link from getMe, and no link (still exit 0) when getMe fails', async () => {
      const env = { TELEGRAM_BOT_TOKEN: 'TEST:TOKEN', TELEGRAM_API_ROOT: root };
      const ok = await cli(['invite', '--seleksi', seleksiId, '--role', 'member'], env);
      expect(ok.code).toBe(0);
      const [code, link] = ok.stdout.trimEnd().split('\n');
      expect(link).toBe(`https://t.me/GetMeBot?start=${code}`);
      healthy = false;
      const failed = await cli(['invite', '--seleksi', seleksiId, '--role', 'admin', '--region', '63'], env);
      expect(failed.code).toBe(0);
      expect(failed.stdout.trimEnd().split('\n')).toHaveLength(1);
    });
  });

  it('refuses missing, unknown and ambiguous regions and categories with one line', async () => {
    const base = ['invite', '--seleksi', seleksiId];
    const runs = await Promise.all([
      cli([...base, '--role', 'officer']),
      cli([...base, '--role', 'officer', '--region', 'Bandung']),
      cli([...base, '--role', 'officer', '--region', 'Hulu Sungai']),
      cli([...base, '--role', 'juror']),
      cli([...base, '--role', 'juror', '--categories', 'TKKS']),
      cli([...base, '--role', 'chef']),
      cli(['invite', '--seleksi', 'nope', '--role', 'member']),
    ]);
    const expected: (string | RegExp)[] = [
      '--region',
      '"Bandung"',
      /Hulu Sungai Selatan \(63\.06\), Kabupaten Hulu Sungai Tengah \(63\.07\), Kabupaten Hulu Sungai Utara \(63\.08\)/,
      '--categories',
      'TKKS',
      'chef',
      'nope',
    ];
    for (const [i, r] of runs.entries()) expectOneLineError(r, expected[i]!);
    expect(await db.prisma.invite.count()).toBe(4);
  });
});

describe('seleksi open', () => {
  it('moves draft → nomination → scoring, refusing the wrong phase and, without --force, a passed window', async () => {
    // The definition's window, moved into the past so the test does not depend on today's date.
    await db.prisma.seleksi.update({
      where: { id: seleksiId },
      data: {
        nominationOpensAt: new Date('2020-05-31T16:00:00Z'),
        nominationClosesAt: new Date('2020-06-30T15:59:59Z'),
        scoringClosesAt: new Date('2020-07-24T15:59:59Z'),
      },
    });
    expectOneLineError(await cli(['open', seleksiId, 'scoring']), 'wrong phase');
    expectOneLineError(
      await cli(['open', seleksiId, 'nomination']),
      'KALSEL-2026: jadwal nominasi menurut definisi adalah 2020-06-01 – 2020-06-30, UTC+08:00, dan sekarang sudah lewat; tambahkan --force',
    );
    expect((await db.prisma.seleksi.findUniqueOrThrow({ where: { id: seleksiId } })).phase).toBe('DRAFT');
    const r = await cli(['open', seleksiId, 'nomination', '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('outside the window, forced');
    expect((await db.prisma.seleksi.findUniqueOrThrow({ where: { id: seleksiId } })).phase).toBe(
      'NOMINATION',
    );
    const again = await cli(['open', seleksiId, 'nomination']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('already in nomination; nothing changed');
    expectOneLineError(await cli(['open', 'nope', 'nomination']), 'nope');
    const events = await db.prisma.phaseEvent.findMany({ where: { seleksiId } });
    expect(events.map((e) => [e.fromPhase, e.toPhase])).toEqual([['DRAFT', 'NOMINATION']]);
    const audit = await db.prisma.auditEvent.findMany({ where: { seleksiId, action: 'phase.changed' } });
    expect(audit.map((e) => e.data)).toEqual([
      { from: 'DRAFT', to: 'NOMINATION', forced: true, eventId: events[0]!.id },
    ]);
  });
});

describe('seleksi status', () => {
  it('prints one JSON document with the phase, counts and juror progress', async () => {
    // A juror of TKSK and PSM from Banjarbaru; three TKSK nominees: one from Banjarbaru (conflict),
    // one scored, one recused; plus a PSM nominee not yet scored → done 1 of expected 2.
    const cats = await db.prisma.category.findMany({ where: { seleksiId } });
    const cat = (code: string) => cats.find((c) => c.code === code)!.id;
    const juror = await db.prisma.person.create({ data: { name: 'Juri Satu' } });
    await db.prisma.membership.create({
      data: {
        personId: juror.id,
        seleksiId,
        role: 'JUROR',
        regionCode: '63.72',
        categories: ['TKSK', 'PSM'],
      },
    });
    const nominate = (n: number, category: string, regionCode: string) =>
      db.prisma.nomination.create({
        data: {
          seleksiId,
          categoryId: cat(category),
          regionCode,
          number: `KALSEL-2026-${category}-00${n}`,
          seq: n,
          nomineeName: `Calon ${n}`,
          answers: {},
          submittedById: 'officer',
        },
      });
    await nominate(1, 'TKSK', '63.72');
    const scored = await nominate(2, 'TKSK', '63.09');
    const recused = await nominate(3, 'TKSK', '63.03');
    await nominate(4, 'PSM', '63.09');
    await nominate(5, 'LKS', '63.09');
    await db.prisma.scoreSheet.create({ data: { seleksiId, nominationId: scored.id, jurorId: juror.id } });
    await db.prisma.recusal.create({
      data: { seleksiId, nominationId: recused.id, jurorId: juror.id, reason: 'kerabat' },
    });

    const sub = {
      kind: 'NOMINATION',
      seleksiId,
      personId: 'p',
      channel: 'CONSOLE',
      externalId: 'x',
      payload: {},
    } as const;
    await db.prisma.submission.createMany({
      data: [
        { ...sub, id: 's1', status: 'PENDING' },
        { ...sub, id: 's2', status: 'FAILED' },
        { ...sub, id: 's3', status: 'DONE' },
      ],
    });
    const broadcast = await db.prisma.broadcast.create({
      data: { seleksiId, kind: 'results', status: 'RUNNING', total: 3 },
    });
    const message = await db.prisma.broadcastMessage.create({
      data: { broadcastId: broadcast.id, key: 'ranking:TKSK', textId: 'Peringkat', textEn: 'Ranking' },
    });
    const delivery = {
      broadcastId: broadcast.id,
      channel: 'TELEGRAM',
      messageId: message.id,
      chunk: 0,
    } as const;
    await db.prisma.delivery.createMany({
      data: [
        { ...delivery, seq: 0, externalId: '1', personId: 'p1', status: 'SENT' },
        { ...delivery, seq: 1, externalId: '2', personId: 'p2', status: 'FAILED' },
        { ...delivery, seq: 2, externalId: '3', personId: 'p3', status: 'PENDING' },
      ],
    });

    const r = await cli(['status', seleksiId, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ id: seleksiId, code: 'KALSEL-2026', phase: 'NOMINATION' });
    expect(doc.counts.invites.OFFICER).toEqual({ issued: 1, used: 0 });
    expect(doc.counts.invites.JUROR).toEqual({ issued: 1, used: 0 });
    expect(doc.counts.members.JUROR).toBe(1);
    expect(doc.counts.nominations).toEqual({
      total: 5,
      byCategory: { PSM: 1, TKSK: 3, KARANG_TARUNA: 0, LKS: 1, TAGANA: 0 },
    });
    expect(doc.counts.scoreSheets).toEqual({ done: 1, expected: 2 });
    expect(doc.counts.submissions).toEqual({ pending: 1, failed: 1, done: 1 });
    // The queue part: counts from Redis (this test's own prefix: empty) and the failed submission.
    expect(doc.queue).toMatchObject({ waiting: 0, active: 0, failed: 0, pendingSubmissions: 1 });
    expect(doc.queue.failedSubmissions.map((f: { id: string }) => f.id)).toEqual(['s2']);
    expect(doc.jurors).toEqual([
      {
        personId: juror.id,
        name: 'Juri Satu',
        homeRegion: '63.72',
        homeRegionName: 'Kota Banjarbaru',
        categories: ['TKSK', 'PSM'],
        done: 1,
        expected: 2,
        recused: 1,
        conflicts: 1,
      },
    ]);
    expect(doc.broadcasts).toEqual([
      {
        id: broadcast.id,
        kind: 'results',
        status: 'RUNNING',
        total: 3,
        sent: 1,
        failed: 1,
        unknown: 0,
        skipped: 0,
        cancelled: 0,
        pending: 1,
        etaSeconds: 0,
      },
    ]);

    const text = await cli(['status', 'KALSEL-2026']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Juri Satu — TKSK, PSM; Kota Banjarbaru: 1/2 (mundur 1, konflik 1)');
    expect(text.stdout).not.toContain('63.72');
    // LKS has a nominee and no juror.
    expect(text.stdout).toContain(
      '⚠️ kategori LKS punya 1 nominasi tetapi belum ada juri (category LKS has 1 nominations but no juror)',
    );
    expect(doc.warnings).toContainEqual({ kind: 'no-juror', category: 'LKS', nominations: 1 });
    // Still in nomination after its closing deadline (moved to 2020 in the open test).
    expect(text.stdout).toContain('⚠️ tenggat penutupan nominasi (2020-06-30) sudah lewat');
    expect(text.stdout).toContain('[█████████████░░░░░░░] 66% terkirim 1/3, gagal 1, tak pasti 0');
    expect(text.stdout).toContain('Antrean (queue): 0 menunggu (waiting)');
    expect(text.stdout).toContain('kiriman gagal');
  });

  it('reports an unknown id on one stderr line with exit 1, and with --json as a JSON error on stdout', async () => {
    const [json, text] = await Promise.all([
      cli(['status', 'does-not-exist', '--json']),
      cli(['status', 'does-not-exist']),
    ]);
    expect(json.code).toBe(1);
    expect(json.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(json.stdout)).toEqual({ error: expect.stringContaining('does-not-exist') });
    expectOneLineError(text, 'does-not-exist');
  });
});

import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '../../src/app/handle-inbound.ts';
import { createInvite as issueInvite } from '../../src/app/invites.ts';
import { changePhase } from '../../src/app/phase.ts';
import { createSubmissionProcessor } from '../../src/app/process-submission.ts';
import { loadRankingFacts, loadSeleksiRecord } from '../../src/app/ranking-facts.ts';
import { confirmationText } from '../../src/app/submissions/confirmation-text.ts';
import type { ChannelName } from '../../src/core/messages.ts';
import { createPgPool } from '../../src/db/client.ts';
import { jurorsWithoutHomeRegion } from '../../src/db/invite-sql.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { createFakeEngine, type FakeEngine } from '../support/fake-engine.ts';
import { createInvite, seedSmallSeleksi } from '../support/seleksi-fixture.ts';

/**
 * Every role stays in its lane (issue 14): one role per person per seleksi unless granted, a juror
 * invite names a home kabupaten/kota or says why not, a second DAFTAR asks before changing anything
 * and loses no work, a juror never sees or scores their own kabupaten's nominee nor one they
 * nominated, and an officer editing a nomination another officer changed is told who did.
 */

describe('a juror invite needs a home kabupaten/kota', () => {
  let db: TestDb;
  let seleksiId: string;
  beforeAll(async () => {
    db = await createTestDb('roles_invite');
    seleksiId = (await seedSmallSeleksi(db.prisma, { code: 'ROLEINV-2026' })).id;
  });
  afterAll(() => db?.drop());

  it('refuses a juror without --region, unless --no-home-region comes with a reason, which is recorded', async () => {
    const juror = { seleksi: seleksiId, role: 'JUROR' as const, categories: ['TKSK'] };
    await expect(issueInvite(db.prisma, juror)).rejects.toThrow(
      /juri perlu --region .* --no-home-region --reason/,
    );
    await expect(
      issueInvite(db.prisma, { ...juror, region: 'Banjar', noHomeRegionReason: 'Kemensos' }),
    ).rejects.toThrow(/--region atau --no-home-region/);
    await expect(
      issueInvite(db.prisma, {
        seleksi: seleksiId,
        role: 'OFFICER',
        region: 'Banjar',
        noHomeRegionReason: 'x',
      }),
    ).rejects.toThrow(/hanya untuk juri/);
    const made = await issueInvite(db.prisma, {
      ...juror,
      noHomeRegionReason: 'Akademisi ULM, bukan warga Kalsel',
    });
    expect(made).toMatchObject({ regionCode: null, noHomeRegionReason: 'Akademisi ULM, bukan warga Kalsel' });

    const handler = createInboundHandler({
      prisma: db.prisma,
      engine: createFakeEngine(),
      sink: { enqueue: async () => {} },
    });
    await handler.handle({
      channel: 'console',
      chatId: 'ulm',
      messageId: 'm1',
      receivedAt: new Date(),
      content: { type: 'text', text: `DAFTAR ${made.code}` },
    });
    const person = await db.prisma.channelIdentity.findFirstOrThrow({ where: { externalId: 'ulm' } });
    expect(await jurorsWithoutHomeRegion(db.prisma, seleksiId)).toEqual([
      { personId: person.personId, name: 'ulm', reason: 'Akademisi ULM, bukan warga Kalsel' },
    ]);
  });
});

describe.each(['prisma', 'pool'] as const)('roles in the chat (%s)', (mode) => {
  let db: TestDb;
  let pool: pg.Pool | undefined;
  let engine: FakeEngine;
  let handler: ReturnType<typeof createInboundHandler>;
  let seleksiId: string;
  const enqueued: string[] = [];
  let seq = 0;
  const say = async (chatId: string, text: string, channel: ChannelName = 'console') =>
    (
      await handler.handle({
        channel,
        chatId,
        messageId: `m${++seq}`,
        receivedAt: new Date(),
        content: { type: 'text', text },
      })
    )
      .map((r) => r.text)
      .join('\n');
  const personOf = async (chatId: string) =>
    (await db.prisma.channelIdentity.findFirstOrThrow({ where: { externalId: chatId } })).personId;
  const rolesOf = async (personId: string) =>
    (
      await db.prisma.membership.findMany({ where: { personId, seleksiId }, orderBy: { createdAt: 'asc' } })
    ).map((m) => `${m.role}:${m.regionCode}`);

  beforeAll(async () => {
    db = await createTestDb(`roles_chat_${mode}`);
    seleksiId = (await seedSmallSeleksi(db.prisma, { code: 'ROLES-2026' })).id;
    pool = mode === 'pool' ? createPgPool(db.url, 4) : undefined;
    engine = createFakeEngine();
    handler = createInboundHandler({
      prisma: db.prisma,
      engine,
      sink: { enqueue: async (id) => void enqueued.push(id) },
      ...(pool ? { pool } : {}),
    });
    await createInvite(db.prisma, seleksiId, {
      code: 'OFF-BANJAR',
      role: 'OFFICER',
      regionCode: '63.03',
      name: 'Budi',
    });
    await createInvite(db.prisma, seleksiId, {
      code: 'JUR-TKSK',
      role: 'JUROR',
      regionCode: '63.09',
      categories: ['TKSK'],
    });
    await createInvite(db.prisma, seleksiId, {
      code: 'JUR-2ND',
      role: 'JUROR',
      categories: ['TKSK'],
      noHomeRegionReason: 'pejabat dinas',
      secondRole: true,
    });
    await createInvite(db.prisma, seleksiId, {
      code: 'OFF-TAB-1',
      role: 'OFFICER',
      regionCode: '63.09',
      name: 'Tini',
    });
    await createInvite(db.prisma, seleksiId, {
      code: 'OFF-TAB-2',
      role: 'OFFICER',
      regionCode: '63.09',
      name: 'Tono',
    });
    await createInvite(db.prisma, seleksiId, { code: 'OFF-BJR-2', role: 'OFFICER', regionCode: '63.03' });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('an officer who sends a juror code keeps his role and his nomination: one role per person', async () => {
    expect(await say('budi', 'DAFTAR OFF-BANJAR')).toMatch(/petugas Kabupaten Banjar/);
    await say('budi', 'nominasi');
    await say('budi', 'Rina');
    await say('budi', 'kirim');
    const processor = createSubmissionProcessor({ prisma: db.prisma });
    expect(await processor.process(enqueued.at(-1)!)).toMatchObject({ status: 'written' });
    const budi = await personOf('budi');

    const reply = await say('budi', 'DAFTAR JUR-TKSK');
    expect(reply).toMatch(
      /sudah terdaftar di .* sebagai petugas Kabupaten Banjar; satu orang memegang satu peran/,
    );
    expect(reply).toMatch(/--second-role/);
    expect(await rolesOf(budi)).toEqual(['OFFICER:63.03']);
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { code: 'JUR-TKSK' } })).usedAt).toBeNull();
    // His nomination is still his, in status.
    await say('budi', 'status');
    expect(engine.calls.at(-1)!.ctx.data.lists.myNominations.map((n) => n.nomineeName)).toEqual(['Rina']);
  });

  it('a second DAFTAR shows what the person is and asks before changing anything', async () => {
    const reply = await say('budi', 'DAFTAR OFF-BJR-2');
    expect(reply).toMatch(
      /Anda sudah terdaftar di .* sebagai petugas Kabupaten Banjar\. Kode OFF-BJR-2 akan mendaftarkan/,
    );
    expect(reply).toMatch(/1 nominasi dan 0 lembar nilai atas nama Anda tetap tersimpan/);
    expect(reply).toMatch(/kirim \*DAFTAR OFF-BJR-2 YA\*/);
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { code: 'OFF-BJR-2' } })).usedAt).toBeNull();
  });

  it('/start CODE on Telegram from someone registered gets the same answer', async () => {
    expect(await say('tg-tini', '/start OFF-TAB-1', 'telegram')).toMatch(/petugas Kabupaten Tabalong/);
    const reply = await say('tg-tini', '/start OFF-TAB-2', 'telegram');
    expect(reply).toMatch(
      /sudah terdaftar .* Kode OFF-TAB-2 akan mendaftarkan Anda sebagai petugas Kabupaten Tabalong/,
    );
  });

  it('a second role an admin granted is added once confirmed; the juror then never sees his kabupaten’s nominee nor one he nominated', async () => {
    const budi = await personOf('budi');
    expect(await say('budi', 'DAFTAR JUR-2ND')).toMatch(/Bila benar, kirim \*DAFTAR JUR-2ND YA\*/);
    expect(await rolesOf(budi)).toEqual(['OFFICER:63.03']);
    expect(await say('budi', 'DAFTAR JUR-2ND YA')).toMatch(/tim penilai/);
    // Home for conflicts of interest: his officer kabupaten.
    expect(await rolesOf(budi)).toEqual(['OFFICER:63.03', 'JUROR:63.03']);

    const tksk = await db.prisma.category.findFirstOrThrow({ where: { seleksiId, code: 'TKSK' } });
    const nominee = (number: string, regionCode: string, submittedById: string, seqNo: number) =>
      db.prisma.nomination.create({
        data: {
          seleksiId,
          categoryId: tksk.id,
          regionCode,
          number,
          seq: seqNo,
          nomineeName: number,
          answers: {},
          submittedById,
        },
      });
    await nominee('ROLES-2026-TKSK-101', '63.09', 'someone-else', 101);
    // Nominated by Budi himself (e.g. while he was officer elsewhere): never his to score.
    const own = await nominee('ROLES-2026-TKSK-102', '63.09', budi, 102);
    await changePhase(db.prisma, seleksiId, 'SCORING');
    await say('budi', 'status');
    const page = engine.calls.at(-1)!.ctx.data.lists.jurorPage!;
    expect(page.items.map((n) => n.number)).toEqual(['ROLES-2026-TKSK-101']);
    expect([page.total, page.matches]).toEqual([1, 1]);
    // Asked for by id (a stale button, a typed id), it is not on his list either.
    await say('budi', `nilai ${own.id} 80`);
    expect(engine.calls.at(-1)!.ctx.data.lists.jurorChosen).toEqual({ id: own.id, nominee: null });
    // Nor is it counted as his missing sheet at close (or in his reminders).
    const facts = await loadRankingFacts(db.prisma, await loadSeleksiRecord(db.prisma, seleksiId));
    expect(facts.missing.find((m) => m.personId === budi)?.numbers).toEqual(['ROLES-2026-TKSK-101']);

    // The worker refuses a sheet on it too.
    const id = randomUUID();
    await db.prisma.submission.create({
      data: {
        id,
        kind: 'SCORE_SHEET',
        seleksiId,
        personId: budi,
        channel: 'CONSOLE',
        externalId: 'budi',
        payload: {
          seleksiId,
          nominationId: own.id,
          scores: [
            { criterionCode: 'TUGAS_POKOK', value: 80 },
            { criterionCode: 'INOVASI', value: 80 },
          ],
        },
      },
    });
    const outcome = await createSubmissionProcessor({ prisma: db.prisma }).process(id);
    expect(outcome).toMatchObject({
      status: 'rejected',
      reason: 'conflict_of_interest',
      messageId: 'Nominasi yang Anda ajukan sendiri tidak dapat Anda nilai (konflik kepentingan).',
    });
  });
});

describe('two officers of one kabupaten/kota edit the same nomination', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb('roles_edit');
  });
  afterAll(() => db?.drop());

  it('the second is told who changed it last, and when', async () => {
    const s = await seedSmallSeleksi(db.prisma, { code: 'EDIT-2026' });
    await db.prisma.seleksi.update({ where: { id: s.id }, data: { definition: { timezone: '+08:00' } } });
    const officer = async (name: string) => {
      const p = await db.prisma.person.create({ data: { name } });
      await db.prisma.membership.create({
        data: { personId: p.id, seleksiId: s.id, role: 'OFFICER', regionCode: '63.09' },
      });
      return p.id;
    };
    const tini = await officer('Tini');
    const tono = await officer('Tono');
    const processor = createSubmissionProcessor({ prisma: db.prisma });
    const submit = async (personId: string, nominationId?: string) => {
      const id = randomUUID();
      await db.prisma.submission.create({
        data: {
          id,
          kind: 'NOMINATION',
          seleksiId: s.id,
          personId,
          channel: 'CONSOLE',
          externalId: personId,
          payload: {
            seleksiId: s.id,
            categoryCode: 'TKSK',
            regionCode: '63.09',
            nomineeName: 'Rina',
            answers: {},
            attachments: [],
            ...(nominationId ? { nominationId } : {}),
          },
        },
      });
      return processor.process(id);
    };
    const created = await submit(tini);
    expect(created).toMatchObject({ status: 'written', updated: false });
    const nominationId = (created as { nominationId: string }).nominationId;
    // Tini edits her own nomination: nothing to tell.
    expect(await submit(tini, nominationId)).not.toHaveProperty('previousEditor');
    const edited = await submit(tono, nominationId);
    expect(edited).toMatchObject({
      status: 'written',
      updated: true,
      previousEditor: { name: 'Tini', at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d WITA$/) },
    });
    expect(confirmationText(edited, 'id')).toMatch(/terakhir diubah oleh Tini \(.* WITA\)/);
    expect((await db.prisma.nomination.findUniqueOrThrow({ where: { id: nominationId } })).updatedById).toBe(
      tono,
    );
    // Tini edits again after Tono: she is told it was Tono.
    expect(await submit(tini, nominationId)).toMatchObject({ previousEditor: { name: 'Tono' } });
  });
});

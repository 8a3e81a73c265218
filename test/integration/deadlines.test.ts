import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadlineRun } from '../../src/app/deadlines.ts';
import { createInboundHandler } from '../../src/app/handle-inbound.ts';
import { changePhase } from '../../src/app/phase.ts';
import { createSubmissionProcessor } from '../../src/app/process-submission.ts';
import type { Notifier } from '../../src/core/ports.ts';
import { type RunningWorker, startWorker } from '../../src/worker.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { createFakeEngine } from '../support/fake-engine.ts';
import { testRedisUrl, uniqueQueuePrefix } from '../support/redis.ts';
import { createInvite, seedSmallSeleksi } from '../support/seleksi-fixture.ts';
import {
  addSubmission,
  createFixture,
  type Fixture,
  nominationPayload,
  scorePayload,
} from './queue-fixtures.ts';

/**
 * The definition's deadlines in the worker: a phase opens and closes at its time (a deadline a few
 * seconds ahead), reminders reach exactly the people with work left, once, and a submission
 * confirmed after its deadline is refused with the time it closed.
 */

/**
 * A reminder round 1.5 s before each closing deadline. Before it the tests have a nomination to
 * write (nomination) or a sweep to run (scoring), tenths of a second, given 2 s and 1 s; after it,
 * two sweeps before the phase closes.
 */
const REMIND_MS = 1_500;
const REMIND_DAYS = REMIND_MS / 86_400_000;

const waitFor = async (check: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('deadlines: scheduled phase changes and reminders', () => {
  let db: TestDb;
  let fx: Fixture;
  let worker: RunningWorker;
  const sent: { chatId: string; text: string }[] = [];
  const runs: DeadlineRun[] = [];
  const failOnce = new Set<string>();
  const notifier: Notifier = {
    async send(to, messages) {
      // One chat's channel is away on the first try (e.g. its number is held by another process).
      if (failOnce.delete(to.chatId)) throw new Error('no whatsapp channel in this process');
      for (const m of messages) sent.push({ chatId: to.chatId, text: m.text ?? '' });
    },
  };
  const chatOf = (personId: string) => `chat-${personId}`;

  beforeAll(async () => {
    db = await createTestDb('deadlines');
    fx = await createFixture(db.prisma, 'DL-2026');
    // Every person has a console chat; one juror has scored everything there is (nothing left).
    const people = await db.prisma.person.findMany({ select: { id: true } });
    await db.prisma.channelIdentity.createMany({
      data: people.map((p) => ({ personId: p.id, channel: 'CONSOLE' as const, externalId: chatOf(p.id) })),
    });
    await db.prisma.person.update({ where: { id: fx.officers['63.02']! }, data: { locale: 'en' } });
    const now = Date.now();
    await db.prisma.seleksi.update({
      where: { id: fx.seleksiId },
      data: {
        phase: 'DRAFT',
        nominationOpensAt: new Date(now - 1_000),
        nominationClosesAt: new Date(now + 2_000 + REMIND_MS),
        definition: { timezone: '+08:00', deadlines: { reminderDaysBefore: [REMIND_DAYS] } },
      },
    });
    worker = startWorker({
      config: { REDIS_URL: testRedisUrl, QUEUE_PREFIX: uniqueQueuePrefix('deadlines') },
      prisma: db.prisma,
      notifier,
      logger: pino({ level: 'silent' }),
      reconcile: false,
      deadlines: { sweepMs: 60_000, onRun: (r) => runs.push(r) },
    });
    await worker.ready;
    await worker.deadlines!.ready;
  });
  afterAll(async () => {
    await worker?.close();
    await db?.drop();
  });

  it('opens nomination at nomination_opens, reminds officers whose kabupaten has not nominated, closes at nomination_closes', async () => {
    // The sweep opens the nomination window (nomination_opens has passed, nomination_closes has not).
    // (The worker's first scheduled sweep may have done it already.)
    await worker.deadlines!.sweepNow();
    const opening = await db.prisma.phaseEvent.findMany({ where: { seleksiId: fx.seleksiId } });
    expect(opening.map((e) => `${e.fromPhase}→${e.toPhase} ${e.note}`)).toEqual([
      'DRAFT→NOMINATION deadline nomination_opens',
    ]);
    expect(runs.flatMap((r) => r.reminded)).toEqual([]);
    await waitFor(
      async () =>
        (await db.prisma.seleksi.findUniqueOrThrow({ where: { id: fx.seleksiId } })).phase !== 'DRAFT',
    );
    const processor = createSubmissionProcessor({ prisma: db.prisma });
    const id = await addSubmission(db.prisma, fx, fx.officers['63.01']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.01'),
    });
    expect(await processor.process(id)).toMatchObject({ status: 'written' });
    const away = fx.officers['63.05']!;
    failOnce.add(chatOf(away));

    // The reminder round runs from its delayed job, REMIND_MS before the deadline.
    await waitFor(async () => runs.some((r) => r.reminded.length > 0));
    const run = runs.find((r) => r.reminded.length > 0)!;
    const reminded = run.reminded.flatMap((r) => r.personIds).sort();
    const expected = Object.entries(fx.officers)
      .filter(([k]) => k !== '63.01')
      .map(([, p]) => p)
      .sort();
    expect(reminded).toEqual(expected.filter((p) => p !== away));
    expect(sent.map((s) => s.chatId).sort()).toEqual(
      expected
        .filter((p) => p !== away)
        .map(chatOf)
        .sort(),
    );
    expect(run.reminded[0]).toMatchObject({ deadline: 'nomination_closes', daysBefore: REMIND_DAYS });
    // In the person's language, with the closing time in the definition's zone.
    expect(sent.find((s) => s.chatId === chatOf(fx.officers['63.02']!))!.text).toMatch(
      /^⏰ Reminder .* close .* WITA/,
    );
    expect(sent.find((s) => s.chatId === chatOf(fx.officers['63.03']!))!.text).toMatch(
      /^⏰ Pengingat .* ditutup .* WITA/,
    );
    // The failed one is tried again by the next run, the others are not: each is sent once.
    const retry = await worker.deadlines!.sweepNow();
    expect(retry.reminded.flatMap((r) => r.personIds)).toEqual([away]);
    const again = await worker.deadlines!.sweepNow();
    expect(again.reminded).toEqual([]);
    expect(sent.filter((s) => s.chatId === chatOf(away))).toHaveLength(1);
    expect(
      await db.prisma.reminder.count({ where: { seleksiId: fx.seleksiId, personId: { not: '' } } }),
    ).toBe(expected.length);

    // The delayed tick moves the phase at its deadline, without a sweep.
    const closes = (await db.prisma.seleksi.findUniqueOrThrow({ where: { id: fx.seleksiId } }))
      .nominationClosesAt!;
    await waitFor(
      async () =>
        (await db.prisma.seleksi.findUniqueOrThrow({ where: { id: fx.seleksiId } })).phase === 'SCORING',
    );
    const event = await db.prisma.phaseEvent.findFirstOrThrow({
      where: { seleksiId: fx.seleksiId, toPhase: 'SCORING' },
    });
    expect(event.at.getTime()).toBeGreaterThanOrEqual(closes.getTime());
    expect(event.at.getTime() - closes.getTime()).toBeLessThan(3_000);
    expect(event.note).toBe('deadline nomination_closes');
  });

  it('reminds the jurors with score sheets left, and closes scoring at scoring_closes', async () => {
    // The nominee is from 63.01: the Tanah Laut juror (home 63.01) has nothing to score.
    await db.prisma.seleksi.update({
      where: { id: fx.seleksiId },
      data: { scoringClosesAt: new Date(Date.now() + 1_000 + REMIND_MS) },
    });
    sent.length = 0;
    runs.length = 0;
    expect((await worker.deadlines!.sweepNow()).reminded).toEqual([]);
    await waitFor(async () => runs.some((r) => r.reminded.length > 0));
    const run = runs.find((r) => r.reminded.length > 0)!;
    expect(run.reminded.flatMap((r) => r.personIds)).toEqual([fx.jurorTabalong]);
    expect(sent).toEqual([
      { chatId: chatOf(fx.jurorTabalong), text: expect.stringMatching(/Masih ada 1 nominasi/) },
    ]);
    const closes = (await db.prisma.seleksi.findUniqueOrThrow({ where: { id: fx.seleksiId } }))
      .scoringClosesAt!;
    await waitFor(
      async () =>
        (await db.prisma.seleksi.findUniqueOrThrow({ where: { id: fx.seleksiId } })).phase === 'CLOSED',
    );
    const event = await db.prisma.phaseEvent.findFirstOrThrow({
      where: { seleksiId: fx.seleksiId, toPhase: 'CLOSED' },
    });
    expect(event.at.getTime() - closes.getTime()).toBeGreaterThanOrEqual(0);
    expect(event.at.getTime() - closes.getTime()).toBeLessThan(3_000);
  });
});

describe('a submission confirmed after its deadline is refused with the time it closed', () => {
  let db: TestDb;
  let fx: Fixture;
  beforeAll(async () => {
    db = await createTestDb('deadlines_late');
    fx = await createFixture(db.prisma, 'LATE-2026');
    await db.prisma.seleksi.update({
      where: { id: fx.seleksiId },
      data: { phase: 'DRAFT', definition: { timezone: '+08:00' } },
    });
  });
  afterAll(() => db?.drop());

  it('judges by the time the user confirmed, even while no scheduler has moved the phase', async () => {
    await changePhase(db.prisma, fx.seleksiId, 'NOMINATION');
    const processor = createSubmissionProcessor({ prisma: db.prisma });
    const before = await addSubmission(db.prisma, fx, fx.officers['63.01']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.01'),
    });
    // The deadline falls between the two confirmations: 50 ms after the first one's.
    const confirmed = await db.prisma.submission.findUniqueOrThrow({ where: { id: before } });
    const closes = new Date(confirmed.createdAt.getTime() + 50);
    await db.prisma.seleksi.update({ where: { id: fx.seleksiId }, data: { nominationClosesAt: closes } });
    await new Promise((r) => setTimeout(r, Math.max(0, closes.getTime() + 50 - Date.now())));
    const late = await addSubmission(db.prisma, fx, fx.officers['63.02']!, {
      kind: 'NOMINATION',
      payload: nominationPayload(fx, '63.02'),
    });
    // Processed after the deadline, confirmed before it: written.
    expect(await processor.process(before)).toMatchObject({ status: 'written' });
    const refused = await processor.process(late);
    expect(refused).toMatchObject({ status: 'rejected', reason: 'deadline_passed' });
    const local = new Date(closes.getTime() + 8 * 3_600_000).toISOString();
    expect(refused).toMatchObject({
      messageId: `Batas waktu nominasi sudah lewat (ditutup ${local.slice(0, 10)} ${local.slice(11, 16)} WITA).`,
    });

    // Scoring opened before its deadline: a sheet confirmed after it is refused too.
    await changePhase(db.prisma, fx.seleksiId, 'SCORING');
    await db.prisma.seleksi.update({
      where: { id: fx.seleksiId },
      data: { scoringClosesAt: new Date(Date.now() + 50) },
    });
    await new Promise((r) => setTimeout(r, 100));
    const nomination = await db.prisma.nomination.findFirstOrThrow({ where: { seleksiId: fx.seleksiId } });
    const sheet = await addSubmission(db.prisma, fx, fx.jurorTabalong, {
      kind: 'SCORE_SHEET',
      payload: scorePayload(fx, nomination.id),
    });
    expect(await processor.process(sheet)).toMatchObject({ status: 'rejected', reason: 'deadline_passed' });
  });
});

describe('in the conversation, a confirmation after the deadline is refused with the time it closed', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb('deadlines_chat');
  });
  afterAll(() => db?.drop());

  it('answers the closing time instead of "sedang diproses", and stores nothing', async () => {
    const seleksi = await seedSmallSeleksi(db.prisma, { phase: 'DRAFT', code: 'CHAT-2026' });
    await changePhase(db.prisma, seleksi.id, 'NOMINATION');
    await db.prisma.seleksi.update({
      where: { id: seleksi.id },
      data: {
        nominationClosesAt: new Date(Date.now() + 50),
        definition: { timezone: '+07:00' },
      },
    });
    await new Promise((r) => setTimeout(r, 100));
    const enqueued: string[] = [];
    const handler = createInboundHandler({
      prisma: db.prisma,
      engine: createFakeEngine(),
      sink: { enqueue: async (id) => void enqueued.push(id) },
    });
    let seq = 0;
    const say = async (text: string) =>
      (
        await handler.handle({
          channel: 'console',
          chatId: 'rina',
          messageId: `m${++seq}`,
          receivedAt: new Date(),
          content: { type: 'text', text },
        })
      ).map((r) => r.text);
    await createInvite(db.prisma, seleksi.id, { code: 'OFF-LATE', role: 'OFFICER', regionCode: '63.09' });
    await say('DAFTAR OFF-LATE');
    await say('nominasi');
    await say('Rina');
    const replies = (await say('kirim')).join('\n');
    expect(replies).toMatch(/Batas waktu nominasi sudah lewat \(ditutup \d{4}-\d\d-\d\d \d\d:\d\d WIB\)/);
    expect(replies).not.toMatch(/Sedang diproses/i);
    expect(await db.prisma.submission.count({ where: { externalId: 'rina' } })).toBe(0);
    expect(enqueued).toEqual([]);
  });
});

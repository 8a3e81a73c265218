/**
 * The definition's deadlines, carried out: phase changes at their times (through changePhase, the
 * one path for a phase change) and reminders to the people with work left before a phase closes.
 * Run by the worker's scheduler (queue/deadline-scheduler.ts) on every tick; running it twice, or in
 * two workers at once, changes nothing more and sends nothing twice.
 */

import type { ChannelName } from '../core/messages.ts';
import type { Notifier } from '../core/ports.ts';
import type { PrismaClient } from '../db/client.ts';
import {
  claimReminder,
  listScheduledSeleksi,
  officersWithoutNomination,
  recordReminder,
  reminderChats,
  type ScheduledSeleksiRow,
} from '../db/deadline-sql.ts';
import { reminderRoundSent } from '../db/people-lookup.ts';
import {
  type DueReminder,
  deadlineFactsOf,
  dueReminder,
  dueStep,
  formatDeadline,
  upcomingTimes,
} from '../domain/deadlines.ts';
import type { Logger } from '../log.ts';
import { changePhase, type PhaseChange } from './phase.ts';
import { loadRankingFacts, loadSeleksiRecord } from './ranking-facts.ts';
import { SeleksiError } from './seleksi-errors.ts';
import { t } from './texts.ts';

export interface DeadlineDeps {
  prisma: PrismaClient;
  notifier: Notifier;
  logger?: Logger;
}

/** What one run did, and when something may next become due (per seleksi). */
export interface DeadlineRun {
  changes: PhaseChange[];
  /** Reminders sent (person ids, per deadline). */
  reminded: { seleksiId: string; deadline: string; daysBefore: number; personIds: string[] }[];
  upcoming: { seleksiId: string; at: Date }[];
}

/** Round marker in the reminder table: the round was carried out (person ids are never empty). */
const ROUND = '';

/** Applies every due phase change and reminder round at `now` (one seleksi, or all). */
export async function runDeadlines(
  deps: DeadlineDeps,
  now: Date = new Date(),
  seleksiId?: string,
): Promise<DeadlineRun> {
  const run: DeadlineRun = { changes: [], reminded: [], upcoming: [] };
  for (let row of await listScheduledSeleksi(deps.prisma, seleksiId)) {
    // A change can make the next one due at once (a definition whose window already passed).
    for (let i = 0; i < 3; i++) {
      const facts = deadlineFactsOf(row);
      const step = dueStep(row.phase, row.openedAt, facts, now);
      if (step) {
        const change = await applyStep(deps, row, step.to, step.deadline);
        if (change) run.changes.push(change);
        const [again] = await listScheduledSeleksi(deps.prisma, row.id);
        if (!again) break;
        row = again;
        continue;
      }
      const due = dueReminder(row.phase, row.openedAt, facts, now);
      if (due) {
        const personIds = await remind(deps, row, due);
        if (personIds) run.reminded.push({ seleksiId: row.id, ...due, personIds });
      }
      for (const at of upcomingTimes(row.phase, row.openedAt, facts, now))
        run.upcoming.push({ seleksiId: row.id, at });
      break;
    }
  }
  return run;
}

async function applyStep(
  deps: DeadlineDeps,
  row: ScheduledSeleksiRow,
  to: PhaseChange['to'],
  deadline: string,
): Promise<PhaseChange | null> {
  try {
    const change = await changePhase(deps.prisma, row.id, to, { note: `deadline ${deadline}` });
    deps.logger?.info(
      { seleksi: row.code, from: change.from, to, deadline },
      'phase changed at its deadline',
    );
    return change;
  } catch (error) {
    // Another worker (or an admin) moved it first.
    if (!(error instanceof SeleksiError)) throw error;
    deps.logger?.debug({ seleksi: row.code, to, err: error }, 'scheduled phase change not needed');
    return null;
  }
}

/** The people with work left before this deadline. */
async function peopleWithWorkLeft(prisma: PrismaClient, row: ScheduledSeleksiRow, due: DueReminder) {
  if (due.deadline === 'nomination_closes') {
    return (await officersWithoutNomination(prisma, row.id)).map((personId) => ({ personId, count: 0 }));
  }
  const facts = await loadRankingFacts(prisma, await loadSeleksiRecord(prisma, row.id));
  return facts.missing.map((m) => ({ personId: m.personId, count: m.numbers.length }));
}

/** Sends one reminder round (each person once); null when the round was carried out before. */
async function remind(
  deps: DeadlineDeps,
  row: ScheduledSeleksiRow,
  due: DueReminder,
): Promise<string[] | null> {
  const { prisma } = deps;
  const round = {
    seleksiId: row.id,
    deadline: due.deadline,
    deadlineAt: due.deadlineAt,
    daysBefore: due.daysBefore,
  };
  if (await reminderRoundSent(prisma, { ...round, personId: ROUND })) return null;
  const people = await peopleWithWorkLeft(prisma, row, due);
  const count = new Map(people.map((p) => [p.personId, p.count]));
  const chats = await reminderChats(
    prisma,
    people.map((p) => p.personId),
  );
  const when = formatDeadline(due.deadlineAt, deadlineFactsOf(row).timezone);
  const sent: string[] = [];
  let failed = 0;
  for (const chat of chats) {
    const id = await claimReminder(prisma, { ...round, personId: chat.personId });
    if (!id) continue;
    const locale = chat.locale === 'en' ? 'en' : 'id';
    const key = due.deadline === 'nomination_closes' ? 'reminder.nomination' : 'reminder.scoring';
    const text = t(key, locale, { seleksi: row.name, when, count: String(count.get(chat.personId) ?? 0) });
    try {
      const channel = chat.channel.toLowerCase() as ChannelName;
      await deps.notifier.send({ channel, chatId: chat.externalId }, [{ text }]);
      await recordReminder(prisma, id, null);
      sent.push(chat.personId);
    } catch (error) {
      failed++;
      deps.logger?.warn({ err: error, seleksi: row.code }, 'deadline reminder not delivered');
      await recordReminder(prisma, id, error instanceof Error ? error.message : String(error));
    }
  }
  // The round is over when nobody is left to try (a failed one is tried again by the next run).
  if (failed === 0) {
    const marker = await claimReminder(prisma, { ...round, personId: ROUND });
    if (marker) await recordReminder(prisma, marker, null);
  }
  deps.logger?.info({ seleksi: row.code, ...round, sent: sent.length }, 'deadline reminders sent');
  return sent;
}

/**
 * The confirmer's line and its records behind, on fakes: one Redis round trip per message (the
 * check of the next confirmation rides with the previous mark), and no told user is left out of the
 * Postgres records when it is told while a record is in flight.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ProcessedSubmission } from '../../src/app/process-submission.ts';
import type { ConfirmationMarks } from '../../src/queue/confirmation-marks.ts';
import { createConfirmer } from '../../src/queue/confirmations.ts';

function submission(id: string): ProcessedSubmission {
  return {
    submissionId: id,
    kind: 'NOMINATION',
    outcome: { status: 'written', kind: 'NOMINATION', number: `N-${id}`, nominationId: id, updated: false },
    fresh: true,
    to: { channel: 'telegram', chatId: `chat-${id}` },
    locale: 'id',
    confirmed: false,
  };
}

/** Marks in memory, counting round trips. */
function memoryMarks() {
  const set = new Set<string>();
  const calls = { told: 0, mark: 0 };
  const marks: ConfirmationMarks = {
    async told(ids) {
      calls.told++;
      return new Set(ids.filter((id) => set.has(id)));
    },
    async mark(id, next) {
      calls.mark++;
      set.add(id);
      return next !== undefined && set.has(next);
    },
  };
  return { marks, set, calls };
}

describe('createConfirmer', () => {
  it('makes one round trip per message when the line is full, and skips a user marked by another run', async () => {
    const m = memoryMarks();
    m.set.add('d'); // told by a run of d's job in another process
    const sent: string[] = [];
    const confirmer = createConfirmer({
      notifier: { send: async (to) => void sent.push(to.chatId) },
      marks: m.marks,
      record: async () => {},
    });
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => confirmer.confirm(submission(id))));
    expect(sent).toEqual(['chat-a', 'chat-b', 'chat-c']);
    // Only the first confirmation needed a read of its own; the others rode on the marks before them.
    expect(m.calls).toEqual({ told: 1, mark: 3 });
  });

  it('records users told while a record is in flight by the next statement, without waiting for flush', async () => {
    const m = memoryMarks();
    const recorded: string[][] = [];
    let release!: () => void;
    const firstRecord = new Promise<void>((r) => {
      release = r;
    });
    const confirmer = createConfirmer({
      notifier: { send: async () => {} },
      marks: m.marks,
      recordEveryMs: 0,
      async record(ids) {
        recorded.push([...ids]);
        if (recorded.length === 1) await firstRecord;
      },
    });
    await confirmer.confirm(submission('a'));
    await vi.waitFor(() => expect(recorded).toEqual([['a']]));
    // b and c are told while a's record is still running.
    await confirmer.confirm(submission('b'));
    await confirmer.confirm(submission('c'));
    release();
    await vi.waitFor(() => expect(recorded).toEqual([['a'], ['b', 'c']]));
    await confirmer.flush();
    expect(recorded).toHaveLength(2);
  });

  it('two runs of one job in this process share one place in line', async () => {
    const m = memoryMarks();
    const sent: string[] = [];
    const confirmer = createConfirmer({
      notifier: { send: async (to) => void sent.push(to.chatId) },
      marks: m.marks,
      record: async () => {},
    });
    await Promise.all([confirmer.confirm(submission('a')), confirmer.confirm(submission('a'))]);
    expect(sent).toEqual(['chat-a']);
  });
});

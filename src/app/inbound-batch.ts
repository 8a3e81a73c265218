import type pg from 'pg';
import type { ChannelName } from '../core/messages.ts';
import {
  type ChatAsk,
  ChatConflictError,
  type ChatRow,
  type ChatWrite,
  readChats,
  writeChats,
} from '../db/chat-store.ts';
import { JUROR_NOMINEES, type JurorNomineeRow, type NomineeAsk, nomineesParams } from '../db/juror-sql.ts';
import { poolRunner, type StatementRunner } from '../db/statement.ts';
import { createMicroBatcher, type MicroBatchOptions } from './micro-batch.ts';
import { isTransientDbError } from './retry.ts';

/**
 * A batched write failed for a reason other than the database being away (another process saved
 * one of the sessions or recorded one of the message ids first, or one message's data was
 * refused): nothing of the batch was written, and each of its messages is handled again alone on
 * the locked path, which sorts out which one it was.
 */
export class BatchFallback extends Error {
  override name = 'BatchFallback';
}

/** The batched hot path's reads and writes: the chat store's, over many chats at once. */
export interface InboundBatches {
  /** The statements' runner (a pool): for the reads that are not batched (a juror's page). */
  runner: StatementRunner;
  /**
   * Reads the chat of a message (not recording its id: `fresh` says whether it is new; `busy`
   * whether the locked path is at work on the chat in another transaction).
   */
  load(channel: ChannelName, ask: ChatAsk, at: Date): Promise<ChatRow>;
  /** Writes what a message changed; rejects with BatchFallback when the batch could not be written. */
  save(channel: ChannelName, write: ChatWrite, at: Date): Promise<void>;
  /** Reads the nominee a juror's message scores (see JUROR_NOMINEES); null when not on their list. */
  nominee(ask: NomineeAsk): Promise<JurorNomineeRow | null>;
}

interface Timed<T> {
  item: T;
  at: Date;
}

/** One micro-batcher per channel, made on first use. */
function perChannel<I, O>(make: (channel: ChannelName) => (item: I) => Promise<O>) {
  const batchers = new Map<ChannelName, (item: I) => Promise<O>>();
  return (channel: ChannelName): ((item: I) => Promise<O>) => {
    let batcher = batchers.get(channel);
    if (!batcher) {
      batcher = make(channel);
      batchers.set(channel, batcher);
    }
    return batcher;
  };
}

/** Writes a batch; anything but the database being away makes it a BatchFallback. */
async function writeBatch(runner: StatementRunner, channel: ChannelName, items: Timed<ChatWrite>[]) {
  try {
    await writeChats(
      runner,
      channel,
      items.map((i) => i.item),
      items[items.length - 1]!.at,
    );
  } catch (error) {
    if (error instanceof ChatConflictError || !isTransientDbError(error)) {
      throw new BatchFallback('batched write refused', { cause: error });
    }
    throw error;
  }
  return items.map(() => undefined);
}

/** Reads the asked nominees in one statement, in the asks' order (null when not on the list). */
async function readNominees(runner: StatementRunner, asks: NomineeAsk[]) {
  const found = await runner.run<JurorNomineeRow>(JUROR_NOMINEES, nomineesParams(asks));
  const rows = new Array<JurorNomineeRow | null>(asks.length).fill(null);
  for (const row of found) rows[row.ord! - 1] = row;
  return rows;
}

/**
 * Batches the hot path's statements over a node-postgres pool: the messages of all chats waiting
 * at the same moment are read by one statement and written by another (one transaction), per
 * channel. A chat must have at most one message in flight (the handler keeps them in order), so a
 * batch never holds the same chat twice.
 */
export function createInboundBatches(pool: pg.Pool, options: MicroBatchOptions = {}): InboundBatches {
  const runner = poolRunner(pool);
  const loader = perChannel((channel) =>
    createMicroBatcher<Timed<ChatAsk>, ChatRow>(
      (items) =>
        readChats(
          runner,
          channel,
          items.map((i) => i.item),
          items[0]!.at,
        ),
      options,
    ),
  );
  const saver = perChannel((channel) =>
    createMicroBatcher<Timed<ChatWrite>, void>((items) => writeBatch(runner, channel, items), options),
  );
  return {
    runner,
    nominee: createMicroBatcher((asks: NomineeAsk[]) => readNominees(runner, asks), options),
    load: (channel, ask, at) => loader(channel)({ item: ask, at }),
    save: (channel, write, at) => saver(channel)({ item: write, at }),
  };
}

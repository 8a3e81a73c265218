import type pg from 'pg';
import {
  type BatchChatRow,
  type ChatWrite,
  isVersionConflict,
  LOAD_CHATS,
  SAVE_CHATS,
  type Statement,
} from '../db/inbound-sql.ts';
import { JUROR_NOMINEES, type JurorNomineeRow, type NomineeAsk, nomineesParams } from '../db/juror-sql.ts';
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

/** The `Channel` enum value as the statements take it. */
type DbChannel = 'TELEGRAM' | 'WHATSAPP' | 'CONSOLE';

/** The batched hot path's reads and writes (see LOAD_CHATS and SAVE_CHATS). */
export interface InboundBatches {
  /**
   * Reads the chat of a message (not recording its id: `fresh` says whether it is new; `busy`
   * whether the locked path is at work on the chat in another transaction).
   */
  load(channel: DbChannel, chatId: string, messageId: string, at: Date): Promise<BatchChatRow>;
  /** Writes what a message changed; rejects with BatchFallback when the batch could not be written. */
  save(channel: DbChannel, write: ChatWrite, at: Date): Promise<void>;
  /** Reads the nominee a juror's message scores (see JUROR_NOMINEES); null when not on their list. */
  nominee(ask: NomineeAsk): Promise<JurorNomineeRow | null>;
}

interface LoadItem {
  chatId: string;
  messageId: string;
  at: Date;
}

interface SaveItem {
  write: ChatWrite;
  at: Date;
}

/**
 * Batches the hot path's statements over a node-postgres pool: the messages of all chats waiting
 * at the same moment are read by one statement and written by another (one transaction), per
 * channel. A chat must have at most one message in flight (the handler keeps them in order), so a
 * batch never holds the same chat twice.
 */
export function createInboundBatches(pool: pg.Pool, options: MicroBatchOptions = {}): InboundBatches {
  const query = <T extends pg.QueryResultRow>(statement: Statement, values: unknown[]) =>
    pool.query<T>({ name: statement.name, text: statement.text, values });
  const loaders = new Map<DbChannel, (item: LoadItem) => Promise<BatchChatRow>>();
  const savers = new Map<DbChannel, (item: SaveItem) => Promise<void>>();

  function loader(channel: DbChannel) {
    let load = loaders.get(channel);
    if (!load) {
      load = createMicroBatcher<LoadItem, BatchChatRow>(async (items) => {
        const result = await query<BatchChatRow>(LOAD_CHATS, [
          channel,
          items.map((i) => i.chatId),
          items.map((i) => i.messageId),
          items[0]!.at.toISOString(),
          channel.toLowerCase(),
        ]);
        const rows = new Array<BatchChatRow>(items.length);
        for (const row of result.rows) rows[row.ord - 1] = row;
        return rows;
      }, options);
      loaders.set(channel, load);
    }
    return load;
  }

  function saver(channel: DbChannel) {
    let save = savers.get(channel);
    if (!save) {
      save = createMicroBatcher<SaveItem, void>(async (items) => {
        try {
          await query(SAVE_CHATS, [
            channel,
            JSON.stringify(items.map((i) => i.write)),
            items[items.length - 1]!.at.toISOString(),
            items.length,
            channel.toLowerCase(),
          ]);
        } catch (error) {
          if (isVersionConflict(error) || !isTransientDbError(error)) {
            throw new BatchFallback('batched write refused', { cause: error });
          }
          throw error;
        }
        return items.map(() => undefined);
      }, options);
      savers.set(channel, save);
    }
    return save;
  }

  const nominee = createMicroBatcher<NomineeAsk, JurorNomineeRow | null>(async (asks) => {
    const result = await query<JurorNomineeRow>(JUROR_NOMINEES, nomineesParams(asks));
    const rows = new Array<JurorNomineeRow | null>(asks.length).fill(null);
    for (const row of result.rows) rows[row.ord! - 1] = row;
    return rows;
  }, options);

  return {
    nominee,
    load: (channel, chatId, messageId, at) => loader(channel)({ chatId, messageId, at }),
    save: (channel, write, at) => saver(channel)({ write, at }),
  };
}

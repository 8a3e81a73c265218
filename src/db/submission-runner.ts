/**
 * The one seam between the submission processor and the database driver: SQL statements run either
 * through Prisma's raw queries or on a node-postgres pool, with the same text and bound parameters
 * (arrays go in as arrays; nothing is quoted by hand).
 */

import type pg from 'pg';
import type { PrismaClient } from './client.ts';

/** Runs one SQL statement with $n parameters (inside the current transaction) and returns its rows. */
export type RunSql = <T = unknown[]>(text: string, ...params: unknown[]) => Promise<T>;

/** What a batch transaction's body gets to run statements with. */
export interface BatchTx {
  sql: RunSql;
  /**
   * Like `sql`, for statements whose generic plan is as good as a fresh one: on the pool it is
   * prepared once per connection, so Postgres stops planning it on every run. (Not for the bulk
   * upserts: their generic plans are many times slower.)
   */
  prepared: RunSql;
}

const TX_OPTIONS = { maxWait: 10_000, timeout: 60_000 } as const;

/** Where statements run: the Prisma client, and the pg pool that takes over when given. */
export interface SqlTarget {
  prisma: PrismaClient;
  pool?: pg.Pool | undefined;
}

/** One transaction: on the pg pool when there is one (far less CPU per row), else through Prisma. */
export async function inTransaction(
  { prisma, pool }: SqlTarget,
  fn: (tx: BatchTx) => Promise<void>,
): Promise<void> {
  if (!pool) {
    await prisma.$transaction(async (tx) => {
      const sql = <T>(text: string, ...params: unknown[]) => tx.$queryRawUnsafe<T>(text, ...params);
      await fn({ sql, prepared: sql });
    }, TX_OPTIONS);
    return;
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await fn({
      sql: async <T>(text: string, ...params: unknown[]) => (await client.query(text, params)).rows as T,
      prepared: async <T>(text: string, ...params: unknown[]) =>
        (await client.query({ name: statementName(text), text, values: params })).rows as T,
    });
    await client.query('COMMIT');
  } catch (error) {
    // A failed ROLLBACK means the connection is gone: drop it from the pool.
    const broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    client.release(broken);
    throw error;
  }
  client.release();
}

const statementNames = new Map<string, string>();

/** A name per statement text, under which node-postgres prepares it once per connection. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `submissions_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A runner for a single statement outside any explicit transaction (on the pool, prepared once per
 * connection like `BatchTx.prepared`).
 */
export function autocommitSql({ prisma, pool }: SqlTarget): RunSql {
  return pool
    ? async <T>(text: string, ...params: unknown[]) =>
        (await pool.query({ name: statementName(text), text, values: params })).rows as T
    : <T>(text: string, ...params: unknown[]) => prisma.$queryRawUnsafe<T>(text, ...params);
}

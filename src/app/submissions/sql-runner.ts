/**
 * The one seam between the processor and the database driver: SQL statements run either through
 * Prisma's raw queries or on a node-postgres pool, with the same text and parameters.
 */

import type pg from 'pg';
import type { PrismaClient } from '../../db/client.ts';

/** Runs one SQL statement inside the current transaction and returns its rows. */
export type Sql = <T = unknown[]>(text: string, ...params: unknown[]) => Promise<T>;

const TX_OPTIONS = { maxWait: 10_000, timeout: 60_000 } as const;

/** Where statements run: the Prisma client, and the pg pool that takes over when given. */
export interface SqlTarget {
  prisma: PrismaClient;
  pool?: pg.Pool | undefined;
}

/** One transaction: on the pg pool when there is one (far less CPU per row), else through Prisma. */
export async function inTransaction(
  { prisma, pool }: SqlTarget,
  fn: (sql: Sql) => Promise<void>,
): Promise<void> {
  if (!pool) {
    await prisma.$transaction(
      (tx) => fn(<T>(text: string, ...params: unknown[]) => tx.$queryRawUnsafe<T>(text, ...params)),
      TX_OPTIONS,
    );
    return;
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await fn(async <T>(text: string, ...params: unknown[]) => (await client.query(text, params)).rows as T);
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

/** A runner for a single statement outside any explicit transaction. */
export function autocommitSql({ prisma, pool }: SqlTarget): Sql {
  return pool
    ? async <T>(text: string, ...params: unknown[]) => (await pool.query(text, params)).rows as T
    : <T>(text: string, ...params: unknown[]) => prisma.$queryRawUnsafe<T>(text, ...params);
}

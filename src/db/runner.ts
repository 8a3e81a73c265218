/**
 * The one statement runner of the house: every module that runs SQL text it holds (the inbound
 * handler's statements, the worker's batch writes, the region load) runs it through a {@link Runner},
 * whether the connection under it is a Prisma client or transaction or a node-postgres pool or
 * client. Values are always bound parameters.
 */
import type pg from 'pg';
import type { PrismaClient, Tx } from './client.ts';

/**
 * A statement: its SQL with `$n` parameters and, when it is worth preparing once per connection
 * (a generic plan as good as a fresh one), the name it is prepared under on node-postgres.
 */
export interface Statement {
  readonly text: string;
  readonly name?: string;
}

/** Runs one parameterised statement (inside the current transaction, if any) and returns its rows. */
export interface Runner {
  query<T>(statement: Statement, values?: readonly unknown[]): Promise<T[]>;
}

/** A runner over a Prisma client or interactive transaction (statement names are ignored). */
export function prismaRunner(db: PrismaClient | Tx): Runner {
  return {
    query: <T>(statement: Statement, values: readonly unknown[] = []) =>
      db.$queryRawUnsafe<T[]>(statement.text, ...values),
  };
}

/** A runner over a node-postgres pool or checked-out client; named statements are prepared once per connection. */
export function pgRunner(db: pg.Pool | pg.PoolClient): Runner {
  return {
    async query<T>(statement: Statement, values: readonly unknown[] = []) {
      const config = statement.name
        ? { name: statement.name, text: statement.text, values: [...values] }
        : { text: statement.text, values: [...values] };
      return (await db.query(config)).rows as T[];
    },
  };
}

/**
 * Runs fn in one transaction on a connection of the pool: COMMIT when it resolves, ROLLBACK when
 * it throws (a connection whose ROLLBACK fails is dropped from the pool).
 */
export async function inPgTransaction<T>(pool: pg.Pool, fn: (run: Runner) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(pgRunner(client));
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    const broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    client.release(broken);
    throw error;
  }
}

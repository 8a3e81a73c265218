import type pg from 'pg';
import type { PrismaDb } from './client.ts';

/**
 * The inbound path's one runner type. A {@link Statement} is SQL text with $n parameters and a name
 * (the name of its prepared statement on a pool's connection); a {@link StatementRunner} runs one,
 * either on a node-postgres pool ({@link poolRunner}: the batched hot path, each statement its own
 * transaction) or through Prisma ({@link prismaRunner}: inside the locked path's interactive
 * transaction). Values are always bound parameters.
 */

/** SQL text with $n parameters, and its name as a prepared statement. */
export interface Statement {
  name: string;
  text: string;
}

/**
 * Runs one statement with its values, giving back its rows as the driver made them (`T` is what the
 * caller expects; the chat store parses its rows with zod, see chat-store.ts).
 */
export interface StatementRunner {
  run<T = unknown>(statement: Statement, values: readonly unknown[]): Promise<T[]>;
}

/**
 * Statements on a node-postgres pool, each as a named prepared statement on whichever connection
 * runs it (the pool's sessions have JIT off, see createPgPool).
 */
export function poolRunner(pool: pg.Pool): StatementRunner {
  return {
    async run<T>(statement: Statement, values: readonly unknown[]) {
      const result = await pool.query({ name: statement.name, text: statement.text, values: [...values] });
      return result.rows as T[];
    },
  };
}

/** Statements through Prisma: inside an interactive transaction (already begun), or each on its own. */
export function prismaRunner(db: PrismaDb): StatementRunner {
  return {
    run: <T>(statement: Statement, values: readonly unknown[]) =>
      db.$queryRawUnsafe<T[]>(statement.text, ...values),
  };
}

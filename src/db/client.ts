import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Logger } from '../log.ts';
import { parseDatabaseUrl } from './database-url.ts';
import { PrismaClient } from './generated/client.ts';

export type { PrismaClient } from './generated/client.ts';
export * as Db from './generated/client.ts';

/** The transaction client handed to `prisma.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** What a query function runs on: the client, or the transaction it is called inside. */
export type PrismaDb = PrismaClient | Tx;

/** The node-postgres pool under each client made by {@link createPrisma}. */
const pools = new WeakMap<PrismaClient, pg.Pool>();

/**
 * Creates a Prisma client over a node-postgres pool; honours `?schema=` in the URL. The connections'
 * search_path is set to that schema too, so raw SQL (`$queryRaw`, bulk upserts) sees the same tables
 * as the model queries. The pool is reachable through {@link pgPoolOf} and closed by {@link disconnectPrisma}.
 */
export function createPrisma(databaseUrl: string): PrismaClient {
  const pool = createPgPool(databaseUrl, 10);
  const { schema } = parseDatabaseUrl(databaseUrl);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema, disposeExternalPool: true }) });
  pools.set(prisma, pool);
  return prisma;
}

/**
 * The node-postgres pool of a client made by {@link createPrisma}: for reads of many plain rows (the
 * facts of a ranking) and bulk statements, where Prisma's per-row conversion is the cost.
 */
export function pgPoolOf(prisma: PrismaClient): pg.Pool {
  const pool = pools.get(prisma);
  if (!pool) throw new Error('pgPoolOf: this Prisma client was not made by createPrisma');
  return pool;
}

/**
 * Disconnects a client made by {@link createPrisma} and ends its pool. `$disconnect()` alone leaves
 * the pool open when Prisma itself never connected (a command that only ran node-postgres statements,
 * such as `regions load`): its idle connection then kept the process alive for 10 s after the work.
 */
export async function disconnectPrisma(prisma: PrismaClient): Promise<void> {
  await prisma.$disconnect();
  const pool = pools.get(prisma);
  if (pool && !pool.ended) await pool.end();
}

/**
 * Every session's settings: search_path set to the URL's schema, and JIT off. The statements here
 * are short (index lookups, a page, a batch); JIT compiles for 0.1–1.5 s whenever a plan's
 * estimated cost passes jit_above_cost, which a prepared statement's generic plan does (its
 * estimate cannot see the batch size), so with JIT on a message of 8 ms could cost a second.
 */
function sessionOptions(schema: string): string {
  return `-c search_path="${schema}" -c jit=off`;
}

/**
 * A raw node-postgres pool (the hot path's statements, COPY and bulk SQL); see sessionOptions. An idle
 * connection that breaks (Postgres restarted) must not crash the process: the pool drops it, the next
 * query connects again, and `logger` says so.
 */
export function createPgPool(databaseUrl: string, max = 4, logger?: Pick<Logger, 'warn'>): pg.Pool {
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl);
  const pool = new pg.Pool({ connectionString, max, options: sessionOptions(schema) });
  pool.on('error', (error) => logger?.warn({ err: error }, 'idle Postgres connection lost'));
  return pool;
}

/**
 * Runs fn in one Prisma interactive transaction: the unit of work of a use-case whose statements are
 * db/ functions that take the {@link Tx}.
 */
export function inPrismaTransaction<T>(
  prisma: PrismaClient,
  fn: (tx: Tx) => Promise<T>,
  options?: { maxWait?: number; timeout?: number },
): Promise<T> {
  return prisma.$transaction(fn, options);
}

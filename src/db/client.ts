import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { parseDatabaseUrl } from './database-url.ts';
import { PrismaClient } from './generated/client.ts';

export type { PrismaClient } from './generated/client.ts';
export * as Db from './generated/client.ts';

/** The transaction client handed to `prisma.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Creates a Prisma client over node-postgres; honours `?schema=` in the URL. The connections'
 * search_path is set to that schema too, so raw SQL (`$queryRaw`, bulk upserts) sees the same tables
 * as the model queries.
 */
export function createPrisma(databaseUrl: string): PrismaClient {
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl);
  const adapter = new PrismaPg({ connectionString, options: `-c search_path="${schema}"` }, { schema });
  return new PrismaClient({ adapter });
}

/** A raw node-postgres pool with search_path set to the URL's schema (for COPY and bulk SQL). */
export function createPgPool(databaseUrl: string, max = 4): pg.Pool {
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl);
  return new pg.Pool({ connectionString, max, options: `-c search_path="${schema}"` });
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DEFAULT_DATABASE_URL } from '../../src/config/config.ts';
import { projectRoot } from '../../src/config/project-root.ts';
import { createPrisma, type PrismaClient } from '../../src/db/client.ts';
import { parseDatabaseUrl, withSchema } from '../../src/db/database-url.ts';

/** The database the tests use (each test file gets its own schema in it). */
export const testDatabaseUrl =
  process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;

export interface TestDb {
  /** DATABASE_URL with `?schema=` pointing at this file's private schema. */
  url: string;
  schema: string;
  prisma: PrismaClient;
  /** Drops the schema and disconnects. */
  drop(): Promise<void>;
}

function migrationSql(): string[] {
  const dir = join(projectRoot, 'prisma', 'migrations');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => readFileSync(join(dir, name, 'migration.sql'), 'utf8'));
}

/** Creates the test database on a fresh server (the tests need no `seleksi migrate` first). */
async function ensureDatabase(connectionString: string): Promise<void> {
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        // Created meanwhile by a parallel test file: 42P04, or 23505 when both inserts raced in the catalog.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await admin.end();
  }
}

/**
 * Creates a fresh schema named after `label`, applies every migration in it and returns a Prisma
 * client bound to it. Integration tests call this once per file (in beforeAll).
 */
export async function createTestDb(label: string): Promise<TestDb> {
  const schema = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${Date.now().toString(36)}`;
  const { connectionString } = parseDatabaseUrl(testDatabaseUrl);
  await ensureDatabase(connectionString);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    for (const sql of migrationSql()) await client.query(sql);
  } finally {
    await client.end();
  }
  const url = withSchema(testDatabaseUrl, schema);
  const prisma = createPrisma(url);
  return {
    url,
    schema,
    prisma,
    async drop() {
      await prisma.$disconnect();
      const c = new pg.Client({ connectionString });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

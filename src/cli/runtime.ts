import { type Config, loadConfig } from '../config/config.ts';
import { createPrisma, type PrismaClient } from '../db/client.ts';

/** What a command needs; created lazily so `seleksi --help` touches no database. */
export interface CliServices {
  config: Config;
  prisma: PrismaClient;
}

/** Runs fn with a config and a Prisma client, and always disconnects. */
export async function withServices<T>(fn: (services: CliServices) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const prisma = createPrisma(config.DATABASE_URL);
  try {
    return await fn({ config, prisma });
  } finally {
    await prisma.$disconnect();
  }
}

/** Prints one JSON document on stdout (the `--json` contract). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

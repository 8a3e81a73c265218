// `npm ci` runs this (postinstall): generates the Prisma client into src/db/generated. Offline
// machines get the schema-engine stand-in through resolveSchemaEngine(), so Prisma does not try to
// download its native engine.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_DATABASE_URL } from '../config/config.ts';
import { projectRoot } from '../config/project-root.ts';
import { prismaEnv } from './migrate.ts';

const cli = join(projectRoot, 'node_modules', 'prisma', 'build', 'index.js');
const result = spawnSync(process.execPath, [cli, 'generate'], {
  cwd: projectRoot,
  env: prismaEnv(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL),
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

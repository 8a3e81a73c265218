import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '../config/project-root.ts';

function nativeEngineInstalled(): boolean {
  for (const dir of ['node_modules/@prisma/engines', 'node_modules/prisma']) {
    const full = join(projectRoot, dir);
    if (existsSync(full) && readdirSync(full).some((f) => f.startsWith('schema-engine'))) return true;
  }
  return false;
}

/**
 * Decides which Prisma schema engine `migrate` uses. An explicit PRISMA_SCHEMA_ENGINE_BINARY wins;
 * otherwise the native engine when it is installed; otherwise, on machines without internet that
 * have the offline stand-in beside the checkout (../shared/tools/prisma-wasm-engine), that stand-in,
 * installed once into node_modules/.cache. Returns undefined to let Prisma download its engine.
 */
export function resolveSchemaEngine(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PRISMA_SCHEMA_ENGINE_BINARY) return env.PRISMA_SCHEMA_ENGINE_BINARY;
  if (nativeEngineInstalled()) return undefined;
  const source = resolve(projectRoot, '..', 'shared', 'tools', 'prisma-wasm-engine');
  const dest = join(projectRoot, 'node_modules', '.cache', 'prisma-wasm-engine');
  const binary = join(dest, 'schema-engine');
  if (existsSync(join(dest, 'node_modules', '@prisma', 'schema-engine-wasm'))) return binary;
  if (!existsSync(source)) return undefined;
  mkdirSync(dest, { recursive: true });
  cpSync(source, dest, { recursive: true });
  const npm = spawnSync('npm', ['ci', '--prefix', dest, '--no-audit', '--no-fund', '--loglevel=error'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (npm.status !== 0) throw new Error('Could not install the offline Prisma schema engine');
  return binary;
}

/** Environment for a Prisma CLI child process. */
export function prismaEnv(databaseUrl: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const engine = resolveSchemaEngine(env);
  return {
    ...env,
    DATABASE_URL: databaseUrl,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    ...(engine ? { PRISMA_SCHEMA_ENGINE_BINARY: engine } : {}),
  };
}

/** Runs `prisma migrate deploy` against the database; resolves with its output, rejects on failure. */
export function migrateDeploy(databaseUrl: string): Promise<string> {
  const cli = join(projectRoot, 'node_modules', 'prisma', 'build', 'index.js');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: prismaEnv(databaseUrl),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(out);
      else {
        const line =
          out
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => /^(Error|P\d{4})/.test(l))
            .join(' ') || out.trim().split('\n').slice(-3).join(' ');
        reject(new Error(`Migration failed: ${line}`));
      }
    });
  });
}

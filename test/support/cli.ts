/** Runs the `seleksi` command line as users do (node bin/seleksi.js) against a test database. */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/config/project-root.ts';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `seleksi ...args` with DATABASE_URL = `databaseUrl`; never throws for a non-zero exit. */
export async function runCli(databaseUrl: string, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('node', ['bin/seleksi.js', ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, TELEGRAM_BOT_TOKEN: '', TELEGRAM_BOT_USERNAME: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * Spawns `seleksi ...args` with the test's DATABASE_URL and QUEUE_PREFIX (plus `env`), the TELEGRAM_*
 * variables of the test's own environment removed; never throws for a non-zero exit.
 */
export function spawnCli(
  args: string[],
  base: { databaseUrl: string; queuePrefix: string },
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const inherited = { ...process.env };
  for (const key of Object.keys(inherited)) if (key.startsWith('TELEGRAM_')) delete inherited[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/seleksi.js', ...args], {
      cwd: projectRoot,
      env: { ...inherited, DATABASE_URL: base.databaseUrl, QUEUE_PREFIX: base.queuePrefix, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the `seleksi` command line as users do (node bin/seleksi.js) against a test database. */
import { execFile } from 'node:child_process';
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

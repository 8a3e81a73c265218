/**
 * The set-up the end-to-end files share: a test schema seeded in process with the Kalimantan Selatan
 * regions and a seleksi open for nomination (the CLI's own commands are tested in cli-tour and
 * cli-seleksi), then `node bin/seleksi.js <command>` spawned as users run it, its log kept.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect } from 'vitest';
import { createSeleksiFromFile } from '../../src/app/create-seleksi.ts';
import { type CreateInviteInput, createInvite } from '../../src/app/invites.ts';
import { changePhase, waitForSubmissionsBefore } from '../../src/app/phase.ts';
import { projectRoot } from '../../src/config/project-root.ts';
import { type CliResult, runCli } from './cli.ts';
import { createTestDb, type TestDb } from './db.ts';
import { loadKalselRegions } from './regions-subset.ts';

export interface SeededDb {
  db: TestDb;
  /** The seleksi created from the definition, in the nomination phase. */
  seleksiId: string;
  /** `seleksi ...args` on this database; never throws for a non-zero exit. */
  cli(...args: string[]): Promise<CliResult>;
  /** An invite of the seleksi, created in process (the `invite` command is tested in cli-seleksi); its code. */
  invite(input: Omit<CreateInviteInput, 'seleksi'>): Promise<string>;
  /** Opens scoring as `seleksi open ID scoring --force` does (waits for submissions confirmed before it). */
  openScoring(): Promise<void>;
}

/** A test schema with the regions loaded and a seleksi from `definitionFile` open for nomination. */
export async function seedNomination(
  label: string,
  definitionFile = 'examples/kalsel-2026.yaml',
): Promise<SeededDb> {
  const db = await createTestDb(label);
  await loadKalselRegions(db.prisma);
  const { id } = await createSeleksiFromFile(db.prisma, definitionFile);
  await changePhase(db.prisma, id, 'NOMINATION', { forced: true });
  const cli = (...args: string[]) => runCli(db.url, ...args);
  const invite = async (input: Omit<CreateInviteInput, 'seleksi'>) =>
    (await createInvite(db.prisma, { seleksi: id, ...input })).code;
  const openScoring = async () => {
    const change = await changePhase(db.prisma, id, 'SCORING', { forced: true });
    expect(await waitForSubmissionsBefore(db.prisma, change, { timeoutMs: 30_000 })).toBe(0);
  };
  return { db, seleksiId: id, cli, invite, openScoring };
}

/** A spawned `seleksi` process and everything it wrote to stdout and stderr. */
export interface AppProcess {
  readonly child: ChildProcess;
  readonly log: string;
  /** Polls `ready` every 50 ms; throws with the log when the process exits or 30 s pass first. */
  waitUntil(ready: () => boolean, what: string): Promise<void>;
  /** SIGTERM and wait for the exit (nothing when it has exited); returns the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns `node bin/seleksi.js ...args` from the project root with `env` over the test's environment. */
export function spawnApp(args: string[], env: Record<string, string>): AppProcess {
  const child = spawn('node', ['bin/seleksi.js', ...args], {
    cwd: projectRoot,
    env: { ...process.env, HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  return {
    child,
    get log() {
      return log;
    },
    async waitUntil(ready, what) {
      const deadline = Date.now() + 30_000;
      while (!ready()) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`waited for ${what}:\n${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      return child.exitCode;
    },
  };
}

/**
 * The environment of a bot talking to the Bot API emulator in long-polling mode. The scripted users
 * (chat-driver.ts) answer each prompt within milliseconds, faster than the per-chat flood limit lets
 * anyone write (10 updates a second), so the limit is raised here; telegram-channel.test.ts tests it.
 */
export function telegramEnv(
  seeded: SeededDb,
  emulator: { token: string; apiRoot: string },
  extra: Record<string, string>,
): Record<string, string> {
  return {
    DATABASE_URL: seeded.db.url,
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    TELEGRAM_WEBHOOK_URL: '',
    TELEGRAM_WEBHOOK_SECRET: '',
    TELEGRAM_FLOOD_LIMIT: '1000',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
    ...extra,
  };
}

import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.ts';
import { registerBot } from './commands/bot.ts';
import { registerChat } from './commands/chat.ts';
import { registerCreate } from './commands/create.ts';
import { registerFlows } from './commands/flows.ts';
import { registerInvite } from './commands/invite.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerOpen } from './commands/open.ts';
import { registerRegions } from './commands/regions.ts';
import { registerStart } from './commands/start.ts';
import { registerStatus } from './commands/status.ts';
import { registerWorker } from './commands/worker.ts';
import { CliError } from './errors.ts';

/** Builds the `seleksi` command line. Each command lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('seleksi')
    .description('Seleksi Pilar Sosial: nominasi, penilaian juri, peringkat dan pengumuman hasil')
    .showHelpAfterError()
    .exitOverride();
  registerMigrate(program);
  registerChat(program);
  registerRegions(program);
  registerCreate(program);
  registerInvite(program);
  registerOpen(program);
  registerStatus(program);
  registerStart(program);
  registerBot(program);
  registerWorker(program);
  registerFlows(program);
  return program;
}

/** Entry point of bin/seleksi.js: one clear line on stderr and a non-zero status on failure. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const known = error instanceof CliError || error instanceof ConfigError;
    process.stderr.write(`seleksi: ${known ? message : `unexpected error: ${message}`}\n`);
    if (!known && process.env.SELEKSI_DEBUG) console.error(error);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  }
}

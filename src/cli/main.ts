import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config-error.ts';
import { addListedCommands, readCommandList } from './command-list.ts';
import { CliError } from './errors.ts';

type Registrar = (program: Command) => void;

/**
 * Every command, loaded on demand: each command file pulls in its own stack (Prisma, grammY, BullMQ),
 * and loading only the one asked for keeps a CLI call fast. Order = the order in `--help`.
 */
const COMMANDS: Record<string, () => Promise<Registrar>> = {
  migrate: async () => (await import('./commands/migrate.ts')).registerMigrate,
  regions: async () => (await import('./commands/regions.ts')).registerRegions,
  create: async () => (await import('./commands/create.ts')).registerCreate,
  invite: async () => (await import('./commands/invite.ts')).registerInvite,
  open: async () => (await import('./commands/open.ts')).registerOpen,
  close: async () => (await import('./commands/close.ts')).registerClose,
  ranking: async () => (await import('./commands/ranking.ts')).registerRanking,
  export: async () => (await import('./commands/export.ts')).registerExport,
  verify: async () => (await import('./commands/verify.ts')).registerVerify,
  promote: async () => (await import('./commands/promote.ts')).registerPromote,
  publish: async () => (await import('./commands/publish.ts')).registerPublish,
  status: async () => (await import('./commands/status.ts')).registerStatus,
  start: async () => (await import('./commands/start.ts')).registerStart,
  bot: async () => (await import('./commands/bot.ts')).registerBot,
  worker: async () => (await import('./commands/worker.ts')).registerWorker,
  chat: async () => (await import('./commands/chat.ts')).registerChat,
  flows: async () => (await import('./commands/flows.ts')).registerFlows,
  members: async () => (await import('./commands/members.ts')).registerMembers,
  whatsapp: async () => (await import('./commands/whatsapp.ts')).registerWhatsapp,
};

/**
 * Builds the `seleksi` command line. Each command lives in its own file under commands/; with
 * `only` (a command's name), just that command is loaded. Otherwise (`--help`, `--version`, an unknown
 * name) the build's list of commands stands in for them, or, run from src/, they are all loaded.
 */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('seleksi')
    .description('Seleksi Pilar Sosial: nominasi, penilaian juri, peringkat dan pengumuman hasil')
    .showHelpAfterError()
    .exitOverride();
  const listed = only && only in COMMANDS ? undefined : readCommandList();
  if (listed) addListedCommands(program, listed);
  else await registerCommands(program, only && only in COMMANDS ? [only] : Object.keys(COMMANDS));
  return program;
}

/** Registers the named commands (all by default), loading their modules. */
export async function registerCommands(program: Command, names = Object.keys(COMMANDS)): Promise<void> {
  for (const name of names) (await COMMANDS[name]!())(program);
}

/** The command a command line runs: `seleksi help close` loads close, as `seleksi close` does. */
function commandOf(argv: string[]): string | undefined {
  return argv[2] === 'help' ? argv[3] : argv[2];
}

/** Entry point of bin/seleksi.js: one clear line on stderr and a non-zero status on failure. */
export async function main(argv: string[]): Promise<void> {
  try {
    const program = await buildProgram(commandOf(argv));
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

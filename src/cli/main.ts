import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError } from 'commander';
import { addListedCommands, readCommandList } from './command-list.ts';
import { failureLine, usageLine } from './failure.ts';

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
 * The commands that run for long (the servers, the console chat) or do much work (`regions load`: tens
 * of thousands of rows). For the others V8 compiles WebAssembly with its baseline compiler only
 * (--liftoff-only): Prisma's query compiler is a large wasm module whose hot functions V8 recompiles
 * with TurboFan in the background, and a process cannot exit before those jobs end — about 0.25 s added
 * to every short command, for code it does not run again (and CPU taken from its work).
 */
const OPTIMIZED = new Set(['start', 'bot', 'worker', 'chat', 'regions']);

/**
 * Builds the `seleksi` command line. Each command lives in its own file under commands/; with
 * `only` (a command's name), just that command is loaded. Otherwise (`--help`, `--version`, an unknown
 * name) the build's list of commands stands in for them, or, run from src/, they are all loaded.
 */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('seleksi')
    .description('Seleksi Pilar Sosial: nominasi, penilaian juri, peringkat dan pengumuman hasil')
    .version(packageVersion(), '-V, --version', 'print the version / tampilkan versi')
    // Usage errors become one line in main (no help dump); subcommands inherit both settings.
    .configureOutput({ outputError: () => {} })
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

/** The version in package.json (the nearest one above this file, also when run from a build). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

/**
 * Entry point of bin/seleksi.js: one clear line on stderr and a non-zero status on failure; with
 * `--json`, also one JSON document `{ "error": … }` on stdout, so a script reading stdout gets JSON.
 */
export async function main(argv: string[]): Promise<void> {
  const first = commandOf(argv);
  const command = first?.startsWith('-') ? undefined : first;
  if (command && command in COMMANDS && !OPTIMIZED.has(command)) setFlagsFromString('--liftoff-only');
  try {
    const program = await buildProgram(command);
    await program.parseAsync(argv);
  } catch (error) {
    let line: string;
    if (error instanceof CommanderError) {
      // --help and --version end here with exit status 0 after printing; `seleksi` alone prints the help.
      if (error.exitCode === 0 || error.code === 'commander.help') {
        process.exitCode = error.exitCode;
        return;
      }
      line = usageLine(error, command && command in COMMANDS ? command : undefined);
      process.exitCode = error.exitCode;
    } else {
      const failure = failureLine(error, process.env.DATABASE_URL);
      line = failure.line;
      process.exitCode = failure.exitCode;
      if (process.env.SELEKSI_DEBUG) console.error(error);
    }
    process.stderr.write(`seleksi: ${line}\n`);
    if (argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: line })}\n`);
  }
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type Command, Help } from 'commander';

/** One top-level command as `seleksi --help` lists it. */
export interface ListedCommand {
  name: string;
  /** As commander shows it, e.g. `close [options] <id>`. */
  term: string;
  description: string;
}

/**
 * The list of commands is written beside the compiled CLI at build time (`npm run build`), from the
 * registered commands themselves; `seleksi --help` then lists them without loading any command module
 * (each pulls in Prisma, grammY or BullMQ). Run from src/ (tsx), there is no list and every command is loaded.
 */
const LIST_FILE = new URL('./commands.json', import.meta.url);

/** The top-level commands of a program whose commands are all registered. */
export function listCommands(program: Command): ListedCommand[] {
  const help = program.createHelp();
  return program.commands.map((c) => ({
    name: c.name(),
    term: help.subcommandTerm(c),
    description: help.subcommandDescription(c),
  }));
}

/** Writes the list beside this module (dist/commands.json in the build). */
export function writeCommandList(program: Command): void {
  writeFileSync(LIST_FILE, `${JSON.stringify(listCommands(program), null, 2)}\n`);
}

/** The list written at build time; undefined when running from the sources. */
export function readCommandList(): ListedCommand[] | undefined {
  if (!existsSync(LIST_FILE)) return undefined;
  return JSON.parse(readFileSync(LIST_FILE, 'utf8')) as ListedCommand[];
}

/** Adds the listed commands as names only: enough for `--help`, suggestions and unknown-command errors. */
export function addListedCommands(program: Command, list: ListedCommand[]): void {
  const terms = new Map(list.map((c) => [c.name, c.term]));
  for (const c of list) program.command(c.name).summary(c.description);
  const help = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? help.subcommandTerm(cmd) });
}

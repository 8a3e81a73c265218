// Run by the build (scripts/build.js) on the compiled CLI: writes dist/commands.json, the list that
// `seleksi --help` shows without loading the command modules.
import { Command } from 'commander';
import { writeCommandList } from './command-list.ts';
import { registerCommands } from './main.ts';

const program = new Command('seleksi');
await registerCommands(program);
writeCommandList(program);

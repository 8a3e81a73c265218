/**
 * Bench (juror): see bench/juror-bench-bot.ts for what is measured. This file compiles that one the way
 * the bot is shipped (test/support/compile-child.ts: esbuild, plain JavaScript, dependencies from node_modules)
 * and runs it with plain node, so the RSS it reports is the bot's as it runs from dist/, without the
 * TypeScript loader (tsx) that `npm run bench` runs the other benches under: tsx holds the transpiled
 * sources of every module it loaded, ~40 MB of RSS in a process that loads the bot's modules.
 *
 * Env: as bench/juror-bench-bot.ts.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { compileChild } from '../test/support/compile-child.ts';

const compiled = await compileChild(join(import.meta.dirname, 'juror-bench-bot.ts'));
const child = spawn(process.execPath, [compiled.file], { stdio: 'inherit', env: process.env });
child.on('close', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
  void compiled.dispose();
});

/**
 * Bench (juror): see bench/juror-bench-bot.ts for what is measured. This file compiles that one the way
 * the bot is shipped (esbuild, like scripts/build.js: plain JavaScript, dependencies from node_modules)
 * and runs it with plain node, so the RSS it reports is the bot's as it runs from dist/, without the
 * TypeScript loader (tsx) that `npm run bench` runs the other benches under: tsx holds the transpiled
 * sources of every module it loaded, ~40 MB of RSS in a process that loads the bot's modules.
 *
 * Env: as bench/juror-bench-bot.ts.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';

const outfile = join(
  import.meta.dirname,
  '..',
  'node_modules',
  '.cache',
  'seleksi-bench',
  'juror-bench-bot.mjs',
);
await build({
  entryPoints: [join(import.meta.dirname, 'juror-bench-bot.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
});
const child = spawn(process.execPath, [outfile], { stdio: 'inherit', env: process.env });
child.on('close', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});

import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../../src/config/project-root.ts';

/**
 * Compiles a child-process entry (a .ts file a test spawns) into one plain JavaScript file with
 * esbuild, as bench/juror-bench.ts does: the child then starts with plain node, without the
 * TypeScript loader (tsx), which transpiles every source module at each start (about 2 s of CPU
 * a process here, on a machine the test files share). Packages stay in node_modules, so the file is
 * written under node_modules/.cache; one folder per test process, removed by `dispose`. Built at every
 * run (a quarter of a second), so it is never older than the sources.
 */
export async function compileChild(entry: string): Promise<{ file: string; dispose(): Promise<void> }> {
  const name = basename(entry).replace(/\.ts$/, '');
  const dir = join(projectRoot, 'node_modules', '.cache', 'seleksi-test', `${name}-${process.pid}`);
  await build({
    entryPoints: { [name]: entry },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // As scripts/build.js: what the app imports on demand (the WhatsApp channel and its packages) is
    // loaded on demand, not at start.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
  });
  return { file: join(dir, `${name}.mjs`), dispose: () => rm(dir, { recursive: true, force: true }) };
}

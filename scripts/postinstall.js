// `npm ci` runs this (postinstall). With the dev tools installed (a development checkout, CI, the Docker build
// stage) it generates the Prisma client into src/db/generated and compiles src/ to dist/, so `npm ci` leaves a
// runnable `seleksi`. A production install (`npm ci --omit=dev`: the Docker runtime stage, which copies dist/
// from the build stage) has neither tsx nor esbuild and has nothing to do here.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { build } from './build.js';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

function resolvable(name) {
  try {
    return require.resolve(name);
  } catch {
    return undefined;
  }
}

const tsx = resolvable('tsx/cli');
if (!tsx || !resolvable('esbuild')) {
  console.log('seleksi: production install (no dev tools): dist/ comes from the build, nothing to generate');
} else {
  const generate = spawnSync(process.execPath, [tsx, 'src/db/generate.ts'], { cwd: root, stdio: 'inherit' });
  if (generate.status !== 0) process.exit(generate.status ?? 1);
  await build();
}

/**
 * vitest globalSetup: the tests run the compiled CLI (bin/seleksi.js runs dist/), so dist/ is rebuilt first
 * whenever a file under src/ is newer than it; a test never runs a stale build. Nothing to do when fresh.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project-root.ts';

export default function setup(): void {
  const build = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'build.js'), '--if-stale'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
}

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest directory at or above `from` that holds a package.json. */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json in ${from} or above it`);
  }
}

/**
 * Root of the installed package (package.json, flows/, examples/, prisma/, node_modules/), found by walking
 * up from this file: the same directory whether the code runs from src/ (tsx) or from the build in dist/.
 */
export const projectRoot = findPackageRoot(import.meta.dirname);

/** The shipped flow files. */
export const FLOWS_DIR = join(projectRoot, 'flows');

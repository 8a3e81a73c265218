import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Longest first, so that no slow file starts last and runs alone at the end. Vitest orders by the
 * durations it cached from the last run; on a clean clone (CI) it has none and orders by file size,
 * which starts a short but slow end-to-end file late. Without the cache, end-to-end and integration
 * files (servers, workers, CLI processes) go before unit files, each group largest first.
 */
class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const cache = this.ctx.cache;
    const known = (f: TestSpecification) =>
      cache.getFileTestResults(`${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`) !==
      undefined;
    if (sorted.every(known)) return sorted;
    const group = (f: TestSpecification) => (/[/\\]test[/\\]unit[/\\]/.test(f.moduleId) ? 1 : 0);
    return sorted.sort((a, b) => group(a) - group(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI the tests spawn is the compiled one: build dist/ first when src/ is newer.
    globalSetup: ['test/support/build-dist.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Four files at once on this 2-core machine: the integration and end-to-end files spend most of
    // their time waiting on servers, child processes and timers (at two, the cores were half idle:
    // 155 s of CPU in a 201 s run; at four, 130 s).
    maxWorkers: 4,
    sequence: { sequencer: SlowFirstSequencer },
  },
});

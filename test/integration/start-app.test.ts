import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { FLOWS_DIR, projectRoot } from '../../src/config/project-root.ts';
import { FlowValidationError } from '../../src/flow-engine/load.ts';
import { startApp } from '../../src/main.ts';

describe('startApp', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seleksi-flows-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses invalid flow files before connecting to anything, naming the file and step', async () => {
    cpSync(FLOWS_DIR, dir, { recursive: true });
    cpSync(
      join(projectRoot, 'test/fixtures/flows/broken/duplicate-step-name.yaml'),
      join(dir, 'zz-broken.yaml'),
    );
    // Unreachable databases: reaching them would fail differently (and slowly).
    const config = loadConfig({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    const started = startApp({
      config,
      bot: true,
      worker: true,
      flowsDir: dir,
      logger: pino({ level: 'silent' }),
    });
    await expect(started).rejects.toBeInstanceOf(FlowValidationError);
    await expect(started).rejects.toThrow(/zz-broken\.yaml: .*step/);
  });
});

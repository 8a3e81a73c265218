import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowKinds } from '../../../src/app/flow-steps/index.ts';
import { createFlowEngine } from '../../../src/flow-engine/engine.ts';
import { loadFlows } from '../../../src/flow-engine/load.ts';
import { runScript } from './fixture.ts';
import { SCRIPTS, scriptContext } from './scripts.ts';

/**
 * Golden transcripts: scripted inputs -> the exact messages the user sees, compared with
 * test/golden/<name>.txt. Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/unit/flow-engine`
 * and review the diff.
 */
const root = join(import.meta.dirname, '..', '..', '..');
const goldenDir = join(root, 'test', 'golden');
const engine = createFlowEngine(loadFlows(join(root, 'flows'), flowKinds), flowKinds);
const update = process.env.UPDATE_GOLDEN === '1';

describe('golden transcripts', () => {
  for (const [name, script] of Object.entries(SCRIPTS)) {
    it(name, () => {
      const { transcript } = runScript(engine, scriptContext(script), script.inputs, script.initial);
      const file = join(goldenDir, `${name}.txt`);
      if (update) {
        mkdirSync(goldenDir, { recursive: true });
        writeFileSync(file, `${transcript}\n`);
      }
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(`${transcript}\n`).toBe(readFileSync(file, 'utf8'));
    });
    it(`${name} (state stored as JSON between messages, input never mutated)`, () => {
      const direct = runScript(engine, scriptContext(script), script.inputs, script.initial).transcript;
      const stored = runScript(engine, scriptContext(script), script.inputs, script.initial, true).transcript;
      expect(stored).toBe(direct);
    });
  }
});

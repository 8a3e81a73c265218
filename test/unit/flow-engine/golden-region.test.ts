import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowKinds } from '../../../src/app/flow-steps/index.ts';
import type { InboundContent } from '../../../src/core/messages.ts';
import { createFlowEngine } from '../../../src/flow-engine/engine.ts';
import { loadFlows } from '../../../src/flow-engine/load.ts';
import { runScript, type ScriptInput } from './fixture.ts';
import { officerWithMurungPudak, TO_KECAMATAN } from './region-fixture.ts';

/**
 * Golden transcripts of mistyped kecamatan / desa names ("did you mean"), with real desa names of
 * Kecamatan Murung Pudak, compared with test/golden/<name>.txt like golden.test.ts (same
 * UPDATE_GOLDEN=1 to regenerate; review the diff).
 */
const root = join(import.meta.dirname, '..', '..', '..');
const engine = createFlowEngine(loadFlows(join(root, 'flows'), flowKinds), flowKinds);
const update = process.env.UPDATE_GOLDEN === '1';
const button = (value: string): InboundContent => ({ type: 'choice', value, token: '$last' });

const SCRIPTS: Record<string, { locale: 'id' | 'en'; inputs: ScriptInput[] }> = {
  'region-suggest-id': {
    locale: 'id',
    inputs: [
      ...TO_KECAMATAN,
      'Murng Pudak', // missing letter: one suggestion
      '1',
      'Masukao', // wrong letter
      '3', // not on the list
      'Kasiao', // another name instead: two suggestions
      button('63.09.06.2010'),
      'kembali',
      'Sukamaju', // nothing close
      'Msaukau', // swapped letters
      'masukau',
      'batal',
    ],
  },
  'region-suggest-en': {
    locale: 'en',
    inputs: [...TO_KECAMATAN, 'Jarro', '1', 'Sloan', 'Solan Raya', 'batal'],
  },
};

describe('golden transcripts: region names that match nothing', () => {
  for (const [name, script] of Object.entries(SCRIPTS)) {
    it(name, () => {
      const ctx = officerWithMurungPudak(script.locale);
      const initial = engine.initialState(script.locale);
      const { transcript } = runScript(engine, ctx, script.inputs, initial);
      const stored = runScript(engine, ctx, script.inputs, initial, true).transcript;
      expect(stored).toBe(transcript);
      const file = join(root, 'test', 'golden', `${name}.txt`);
      if (update) writeFileSync(file, `${transcript}\n`);
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(`${transcript}\n`).toBe(readFileSync(file, 'utf8'));
    });
  }
});

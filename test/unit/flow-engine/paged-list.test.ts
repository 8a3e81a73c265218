import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowKinds } from '../../../src/app/flow-steps/index.ts';
import type { OutboundMessage } from '../../../src/core/messages.ts';
import { createFlowEngine } from '../../../src/flow-engine/engine.ts';
import { loadFlows } from '../../../src/flow-engine/load.ts';
import { contextFor, manyNominees, runScript } from './fixture.ts';

const engine = createFlowEngine(
  loadFlows(join(import.meta.dirname, '..', '..', '..', 'flows'), flowKinds),
  flowKinds,
);

/** A message as WhatsApp sends it: the text, then the options numbered one per line. */
function numberedText(m: OutboundMessage): string {
  return [m.text, ...(m.choices ?? []).map((c, i) => `${i + 1}. ${c.label}`)].join('\n');
}

describe('a juror list of 5,000 nominees', () => {
  // Names of 200 characters (the longest a nomination takes) and dossiers of ~3.7 KB.
  const ctx = contextFor('juror', { jurorNominees: manyNominees(5000, 200, 3700) });
  const inputs = ['nilai', 'lagi', 'lagi', 'sebelumnya', 'calon', 'lagi', '4999', 'semua', '3'];

  it("sends every reply within Telegram's 4,096 characters and 100 buttons", () => {
    const { results } = runScript(engine, ctx, inputs);
    const messages = results.flatMap((r) => r.outbox);
    const lists = messages.filter((m) => (m.choices?.length ?? 0) === 10);
    expect(lists.length).toBeGreaterThanOrEqual(6);
    for (const m of messages) {
      expect(m.choices?.length ?? 0).toBeLessThanOrEqual(100);
      // The dossier may be longer than one message (a channel splits it); lists never are.
      if (m.choices) expect(numberedText(m).length).toBeLessThanOrEqual(4096);
    }
  });

  it('asks the app for one page, and for one nominee once one is chosen', () => {
    const { state: atList } = runScript(engine, ctx, ['nilai']);
    expect(engine.wants(atList, { type: 'text', text: 'lagi' })).toEqual({
      juror_nominees: { window: { query: null, offset: 10 }, chosen: null },
    });
    expect(engine.wants(atList, { type: 'text', text: 'Tapin' })).toEqual({
      juror_nominees: { window: { query: 'Tapin', offset: 0 }, chosen: null },
    });
    expect(engine.wants(atList, { type: 'text', text: '2' })).toEqual({
      juror_nominees: { window: null, chosen: 'nom-002' },
    });
    // A typed score reads the nominee being scored and no list at all.
    const { state: atScores } = runScript(engine, ctx, ['nilai', '2', '1']);
    expect(engine.wants(atScores, { type: 'text', text: '80' })).toEqual({
      juror_nominees: { window: null, chosen: 'nom-002' },
    });
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowKinds } from '../../../src/app/flow-steps/index.ts';
import { numberedText } from '../../../src/channels/core/numbered.ts';
import { asSubmissionRequest } from '../../../src/domain/submission.ts';
import { activeStateSchema, createFlowEngine } from '../../../src/flow-engine/engine.ts';
import { loadFlows } from '../../../src/flow-engine/load.ts';
import { contextFor, derived, handleWithLists, OWN_NOMINATION, runScript } from './fixture.ts';
import { SCRIPTS, scriptContext } from './scripts.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const flows = loadFlows(join(root, 'flows'), flowKinds);
const engine = createFlowEngine(flows, flowKinds);
const officer = contextFor('officer');

describe('flow engine', () => {
  it('starts idle in the requested language', () => {
    expect(engine.initialState()).toEqual({ schemaVersion: 1, locale: 'id', active: null });
    expect(engine.initialState('en').locale).toBe('en');
  });

  it('accepts a button of the current question and refuses one of an earlier question', () => {
    const start = engine.handle(engine.initialState(), { type: 'text', text: 'nominasi' }, officer);
    const token = start.outbox.at(-1)!.token!;
    const pressed = engine.handle(start.state, { type: 'choice', value: 'TKSK', token }, officer);
    expect(pressed.state.active?.answers).toMatchObject({ kategori: 'TKSK' });
    const stale = engine.handle(pressed.state, { type: 'choice', value: 'PSM', token }, officer);
    expect(stale.outbox[0]!.text).toMatch(/pertanyaan sebelumnya/);
    expect(stale.state).toEqual(pressed.state);
  });

  it('treats a menu button pressed during a flow as the command', () => {
    const start = engine.handle(engine.initialState(), { type: 'text', text: 'nominasi' }, officer);
    const r = engine.handle(start.state, { type: 'choice', value: 'hasil', token: 'menu' }, officer);
    expect(r.outbox[0]!.text).toMatch(/Hasil belum diumumkan/);
    expect(r.state).toEqual(start.state);
  });

  it('reads a state stored before `editing` had its name (nominationId) and submits the edit', () => {
    const ctx = contextFor('officer', { myNominations: [OWN_NOMINATION] });
    const opened = engine.handle(engine.initialState(), { type: 'text', text: 'nominasi' }, ctx);
    const picked = engine.handle(opened.state, { type: 'text', text: '2' }, ctx);
    const { editing, ...rest } = picked.state.active!;
    expect(editing).toBe(OWN_NOMINATION.id);
    const stored = { ...picked.state, active: { ...rest, nominationId: OWN_NOMINATION.id } };
    expect(activeStateSchema.parse(stored.active)).toEqual(activeStateSchema.parse(picked.state.active));
    const sent = engine.handle(stored, { type: 'text', text: 'kirim' }, ctx);
    const effect = sent.effects.find((e) => e.type === 'submit');
    const submission = effect?.type === 'submit' ? asSubmissionRequest(effect.submission) : null;
    if (submission?.kind !== 'NOMINATION') throw new Error('no nomination');
    expect(submission.payload.nominationId).toBe(OWN_NOMINATION.id);
  });

  it('gives every question with choices a token', () => {
    for (const script of Object.values(SCRIPTS)) {
      const { results } = runScript(engine, scriptContext(script), script.inputs, script.initial);
      for (const m of results.flatMap((r) => r.outbox)) if (m.choices) expect(m.token, m.text).toBeTruthy();
    }
  });

  it('numbers nothing on a summary but its options, so a number means one thing (issue 15)', () => {
    for (const name of ['nomination-tksk-id', 'scoring-en']) {
      const script = SCRIPTS[name]!;
      const { results } = runScript(engine, scriptContext(script), script.inputs, script.initial);
      const summaries = results.flatMap((r) => r.outbox).filter((m) => /📋/.test(m.text));
      expect(summaries.length, name).toBeGreaterThan(0);
      for (const m of summaries) {
        const numbers = numberedText(m)
          .split('\n')
          .map((line) => /^\s*(\d+)\./.exec(line)?.[1])
          .filter(Boolean);
        expect(numbers, name).toEqual(['1', '2']);
      }
    }
  });

  it('leaves the running flow untouched when hasil or status interrupts it', () => {
    const start = engine.handle(engine.initialState(), { type: 'text', text: 'nominasi' }, officer);
    for (const text of ['hasil', '/status', 'BANTUAN']) {
      const r = engine.handle(start.state, { type: 'text', text }, officer);
      expect(r.state, text).toEqual(start.state);
      expect(r.outbox.at(-1)!.text).toBe(start.outbox.at(-1)!.text);
    }
  });

  it('restarts a session saved under another flow version, on the current version', () => {
    const script = SCRIPTS['flow-version-restart-id']!;
    const { state } = runScript(engine, scriptContext(script), script.inputs, script.initial);
    const active = activeStateSchema.parse(state.active);
    expect(active.flowVersion).toBe(flows.find((f) => f.id === 'nomination')!.version);
    expect(active.answers).toEqual({ target: 'new' });
  });

  it('ends a session whose flow no longer exists, with a notice', () => {
    const state = {
      schemaVersion: 1 as const,
      locale: 'id' as const,
      active: { ...activeFixture(), flowId: 'gone' },
    };
    const r = engine.handle(state, { type: 'text', text: 'x' }, officer);
    expect(r.state.active).toBeNull();
    expect(r.outbox[0]!.text).toMatch(/tidak dapat dilanjutkan/);
  });

  it('submits only answers of steps that are relevant for the chosen category', () => {
    const script = SCRIPTS['nomination-karang-taruna-id']!;
    const { results } = runScript(engine, scriptContext(script), script.inputs);
    const effect = results.at(-1)!.effects[0];
    expect(effect?.type).toBe('submit');
    const submission = effect?.type === 'submit' ? asSubmissionRequest(effect.submission) : null;
    if (submission?.kind !== 'NOMINATION') throw new Error('no nomination');
    const answers = submission.payload.answers;
    expect(answers).toHaveProperty('ketua');
    expect(answers).not.toHaveProperty('nik');
    expect(answers).not.toHaveProperty('sk_penugasan');
    expect(submission.payload.regionCode).toBe('63.09');
  });

  it('ends the registration flow quietly once the chat is registered', () => {
    const unregistered = contextFor('unregistered');
    const asked = engine.handle(engine.initialState(), { type: 'text', text: 'halo' }, unregistered);
    expect(asked.state.active).not.toBeNull();
    const r = engine.handle(asked.state, { type: 'text', text: 'halo' }, officer);
    expect(r.state.active).toBeNull();
    expect(r.outbox[0]!.text).toMatch(/^Halo, Rina Marlina\./);
  });

  it('stops a nomination in progress when the phase has closed meanwhile', () => {
    const started = engine.handle(engine.initialState(), { type: 'text', text: 'nominasi' }, officer);
    const closed = contextFor('officer', {
      nominate: { id: 'Tahap nominasi sudah ditutup.', en: 'Closed.' },
    });
    const r = engine.handle(started.state, { type: 'text', text: '2' }, closed);
    expect(r.state.active).toBeNull();
    expect(r.outbox[0]!.text).toBe('Tahap nominasi sudah ditutup.');
  });

  it('collects photos again when the photo answer is changed at the summary', () => {
    const script = SCRIPTS['nomination-tksk-id']!;
    const atSummary = runScript(engine, officer, script.inputs.slice(0, -4)).state;
    const photosItem = '21';
    const photo = (fileRef: string) => ({ type: 'media' as const, kind: 'photo' as const, fileRef });
    const { state, results } = runScript(
      engine,
      officer,
      ['2', photosItem, photo('new-1'), photo('new-2'), photo('new-3'), 'selesai', '1'],
      atSummary,
    );
    expect(state.active).toBeNull();
    const effect = results.at(-1)!.effects[0];
    const submission = effect?.type === 'submit' ? asSubmissionRequest(effect.submission) : null;
    if (submission?.kind !== 'NOMINATION') throw new Error('no nomination');
    expect(submission.payload.attachments.filter((a) => a.kind === 'PHOTO').map((a) => a.fileRef)).toEqual([
      'new-1',
      'new-2',
      'new-3',
    ]);
  });

  it("refuses at the summary a nomination that breaks its category's rules, keeping the answers", () => {
    const script = SCRIPTS['nomination-tksk-id']!;
    const atSummary = runScript(engine, officer, script.inputs.slice(0, -4)).state;
    // The definition asks more photos than were sent (e.g. it changed while the officer answered).
    const seleksi = officer.data.seleksi!;
    const categories = seleksi.categories.map((c) =>
      c.code === 'TKSK' && c.rules ? { ...c, rules: { ...c.rules, minPhotos: 4 } } : c,
    );
    const stricter = derived({ ...officer, data: { ...officer.data, seleksi: { ...seleksi, categories } } });
    const r = engine.handle(atSummary, { type: 'text', text: '1' }, stricter);
    expect(r.effects).toEqual([]);
    expect(r.outbox[0]!.text).toBe('⚠️ Kategori ini memerlukan minimal 4 foto kegiatan; terlampir 3.');
    expect(r.outbox[1]!.text).toMatch(/Periksa nominasi sebelum dikirim/);
    expect(activeStateSchema.parse(r.state.active).answers).toMatchObject({ aktif_sejak: 2012 });
    // With the rules it was answered under, the same "1" submits.
    expect(engine.handle(atSummary, { type: 'text', text: '1' }, officer).effects[0]?.type).toBe('submit');
  });

  it('never throws: an internal error ends the flow with a notice and is reported for logging', () => {
    const desaOf = () => {
      throw new Error('boom');
    };
    const broken = derived({
      ...officer,
      data: { ...officer.data, lists: { ...officer.data.lists, desaOf } },
    });
    const atKecamatan = runScript(engine, officer, SCRIPTS['nomination-tksk-id']!.inputs.slice(0, 15)).state;
    const r = engine.handle(atKecamatan, { type: 'text', text: 'jaro' }, broken);
    expect(r.error).toMatch(/boom/);
    expect(r.state.active).toBeNull();
    expect(r.outbox[0]!.text).toMatch(/tidak dapat dilanjutkan/);
  });

  it('restarts scoring when the chosen nominee is no longer offered', () => {
    const juror = contextFor('juror');
    const atScores = runScript(engine, juror, ['nilai', '1', '1']).state;
    expect(activeStateSchema.parse(atScores.active).answers).toMatchObject({ nominee: 'nom-banjar' });
    const withdrawn = contextFor('juror', { jurorNominees: [] });
    const r = handleWithLists(engine, atScores, { type: 'text', text: '80' }, withdrawn);
    expect(r.error).toBeUndefined();
    expect(r.outbox[0]!.text).toMatch(/dimulai ulang/);
    expect(r.state.active).toBeNull();
  });
});

function activeFixture() {
  return {
    flowId: 'nomination',
    flowVersion: 1,
    pos: 1,
    sub: 0,
    answers: {},
    history: [],
    review: false,
    seq: 1,
    pending: null,
    editing: null,
  };
}

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowKinds } from '../../../src/app/flow-steps/index.ts';
import type { EngineResult, SessionState } from '../../../src/flow-engine/api.ts';
import { activeStateSchema, createFlowEngine } from '../../../src/flow-engine/engine.ts';
import { loadFlows } from '../../../src/flow-engine/load.ts';
import { runScript } from './fixture.ts';
import { officerWithMurungPudak, TO_KECAMATAN } from './region-fixture.ts';

/** "Did you mean" at the kecamatan / desa questions of the nomination flow. */

const root = join(import.meta.dirname, '..', '..', '..');
const engine = createFlowEngine(loadFlows(join(root, 'flows'), flowKinds), flowKinds);

function at(inputs: string[], locale: 'id' | 'en' = 'id') {
  const ctx = officerWithMurungPudak(locale);
  const initial = engine.initialState(locale);
  const { state } = runScript(engine, ctx, inputs, initial);
  const say = (s: SessionState, text: string) => engine.handle(s, { type: 'text', text }, ctx);
  const press = (s: SessionState, r: EngineResult, value: string) =>
    engine.handle(s, { type: 'choice', value, token: r.outbox.at(-1)!.token }, ctx);
  return { state, say, press };
}

const active = (s: SessionState) => activeStateSchema.parse(s.active);
const texts = (r: EngineResult) => r.outbox.map((m) => m.text);

describe('a region name that matches nothing', () => {
  it('offers the desa a typo away as numbered choices, naming the kecamatan searched', () => {
    const { state, say } = at([...TO_KECAMATAN, 'Murung Pudak']);
    const r = say(state, 'Masukao');
    expect(r.outbox).toHaveLength(1);
    expect(r.outbox[0]).toMatchObject({
      text: '⚠️ Desa/kelurahan "Masukao" tidak ditemukan di Kecamatan Murung Pudak. Mungkin maksud Anda:',
      choices: [{ value: '63.09.06.2008', label: 'Masukau' }],
    });
    expect(r.outbox[0]!.token).toBeTruthy();
    expect(active(r.state).pending).toEqual({
      kind: 'region',
      input: 'Masukao',
      matches: [{ value: '63.09.06.2008', label: 'Masukau' }],
    });
  });

  it('takes the suggestion by its number, its button or its name', () => {
    const { state, say, press } = at([...TO_KECAMATAN, 'Murung Pudak']);
    const asked = say(state, 'Kasiao');
    expect(asked.outbox[0]!.choices!.map((c) => c.label)).toEqual(['Kasiau', 'Kasiau Raya']);
    const byNumber = say(asked.state, '2');
    const byButton = press(asked.state, asked, '63.09.06.2010');
    const byName = say(asked.state, 'kasiau raya');
    for (const r of [byNumber, byButton, byName]) {
      expect(active(r.state).answers.desa).toBe('63.09.06.2010');
      expect(active(r.state).pending).toBeNull();
      expect(texts(r).at(-1)).toMatch(/^Alamat lengkap/);
    }
  });

  it('does the same for the kecamatan, naming the kabupaten', () => {
    const { state, say } = at(TO_KECAMATAN);
    const r = say(state, 'Murng Pudak');
    expect(r.outbox[0]!.text).toBe(
      '⚠️ Kecamatan "Murng Pudak" tidak ditemukan di Kabupaten Tabalong. Mungkin maksud Anda:',
    );
    expect(r.outbox[0]!.choices).toEqual([{ value: '63.09.06', label: 'Murung Pudak' }]);
    const picked = say(r.state, '1');
    expect(active(picked.state).answers.kecamatan).toBe('63.09.06');
    expect(texts(picked).at(-1)).toMatch(/^Desa\/kelurahan/);
  });

  it('repeats the suggestions under the same heading after help or a sticker', () => {
    const { state, say } = at([...TO_KECAMATAN, 'Murung Pudak']);
    const asked = say(state, 'Masukao');
    const heading =
      '⚠️ Desa/kelurahan "Masukao" tidak ditemukan di Kecamatan Murung Pudak. Mungkin maksud Anda:';
    for (const r of [
      say(asked.state, 'bantuan'),
      engine.handle(asked.state, { type: 'unsupported', what: 'sticker' }, officerWithMurungPudak('id')),
    ]) {
      const list = r.outbox.at(-1)!;
      expect(list.text).toBe(heading);
      expect(list.choices).toEqual([{ value: '63.09.06.2008', label: 'Masukau' }]);
    }
  });

  it('speaks English to an English chat', () => {
    const { state, say } = at([...TO_KECAMATAN, 'Murung Pudak'], 'en');
    const r = say(state, 'Msaukau');
    expect(r.outbox[0]!.text).toBe(
      '⚠️ Desa/kelurahan (village) "Msaukau" was not found in Kecamatan Murung Pudak. Did you mean:',
    );
    expect(r.outbox[0]!.choices!.map((c) => c.label)).toEqual(['Masukau']);
  });

  it('refuses a number that is not on the list and shows the same suggestions again', () => {
    const { state, say, press } = at([...TO_KECAMATAN, 'Murung Pudak']);
    const asked = say(state, 'Kasiao');
    const r = say(asked.state, '7');
    expect(texts(r)).toEqual([
      '⚠️ "7" bukan pilihan yang tersedia. Ketik nomor pilihan (1–2) atau teksnya.',
      '⚠️ Desa/kelurahan "Kasiao" tidak ditemukan di Kecamatan Murung Pudak. Mungkin maksud Anda:',
    ]);
    expect(r.outbox[1]!.choices).toEqual(asked.outbox[0]!.choices);
    expect(r.state).toEqual(asked.state);
    // The buttons shown before are still those of the current question.
    expect(active(press(r.state, asked, '63.09.06.2005').state).answers.desa).toBe('63.09.06.2005');
  });

  it('refuses an unknown number at a list of several matches the same way, with that list', () => {
    const { state, say } = at(TO_KECAMATAN);
    const several = say(state, 'muara');
    const r = say(several.state, '5');
    expect(texts(r)).toEqual([
      '⚠️ "5" bukan pilihan yang tersedia. Ketik nomor pilihan (1–2) atau teksnya.',
      'Ada beberapa yang cocok dengan "muara". Pilih salah satu:',
    ]);
    expect(r.outbox[1]!.choices!.map((c) => c.label)).toEqual(['Muara Uya', 'Muara Harus']);
    expect(r.state).toEqual(several.state);
  });

  it('without a close name, keeps the question and says how to find the name', () => {
    const { state, say } = at([...TO_KECAMATAN, 'Murung Pudak']);
    const r = say(state, 'Sukamaju');
    expect(texts(r)).toEqual([
      '⚠️ Desa/kelurahan "Sukamaju" tidak ditemukan di Kecamatan Murung Pudak. Ketik beberapa huruf pertama namanya untuk melihat nama-nama yang cocok.',
      'Desa/kelurahan (ketik namanya):',
    ]);
    expect(r.outbox.some((m) => m.choices)).toBe(false);
    expect(active(r.state).pending).toBeNull();
  });

  it('drops the suggestions when a new name typed instead matches nothing close either', () => {
    const { state, say, press } = at([...TO_KECAMATAN, 'Murung Pudak']);
    const asked = say(state, 'Masukao');
    const r = say(asked.state, 'Sukamaju');
    expect(texts(r).at(-1)).toBe('Desa/kelurahan (ketik namanya):');
    expect(active(r.state).pending).toBeNull();
    expect(texts(press(r.state, asked, '63.09.06.2008'))[0]).toMatch(/pertanyaan sebelumnya/);
  });

  it('replaces the suggestions by those of a new name typed instead', () => {
    const { state, say } = at([...TO_KECAMATAN, 'Murung Pudak']);
    const asked = say(state, 'Masukao');
    const r = say(asked.state, 'Sulingn');
    expect(r.outbox[0]!.choices!.map((c) => c.label)).toEqual(['Sulingan']);
    expect(active(r.state).seq).toBe(active(asked.state).seq + 1);
  });
});

import { describe, expect, it } from 'vitest';
import type { InboundContent } from '../../../src/core/messages.ts';
import type {
  EngineResult,
  FlowContext,
  ListItem,
  ListWants,
  SessionState,
} from '../../../src/flow-engine/api.ts';
import { createFlowEngine } from '../../../src/flow-engine/engine.ts';
import { type ChoiceList, createKinds } from '../../../src/flow-engine/kinds.ts';
import { parseFlow } from '../../../src/flow-engine/load.ts';
import { loadedChoices, PAGE_SIZE, pageChoices } from '../../../src/flow-engine/paged-list.ts';
import { noCompletion, note, selectOne } from '../../../src/flow-engine/steps/index.ts';

/**
 * The engine pages a list it knows nothing about: a registry with no seleksi kinds, a paged list of
 * plain items the test supplies (as the app would), and the engine's own words for it.
 */

const things: ChoiceList = {
  name: 'things',
  paged: true,
  choices: (t, _step, forDisplay) =>
    forDisplay ? loadedChoices(t.run, 'things') : pageChoices(t.run, 'things'),
};
const kinds = createKinds({ steps: [note, selectOne], completions: [noCompletion], lists: [things] });
const flowText = `schema_version: 1
id: pick
version: 1
title: { id: Pilih barang }
command: pilih
roles: [MEMBER]
steps:
  - { type: select_one, name: barang, label: { id: "Pilih barang:" }, choices_from: things }
  - { type: note, name: done, label: { id: "Dipilih." } }
`;
const flow = parseFlow(flowText, 'pick.yaml', kinds);
const engine = createFlowEngine([flow], kinds);

/** 25 items; the 7th may not be picked, the 8th asks first. */
const ITEMS: ListItem[] = Array.from({ length: 25 }, (_, i) => ({
  id: `t${i + 1}`,
  label: { id: `Barang ${i + 1}`, en: `Thing ${i + 1}` },
  ...(i === 6 ? { refusal: { id: 'Sudah habis.', en: 'Sold out.' } } : {}),
  ...(i === 7
    ? {
        confirm: {
          question: { id: 'Yakin?', en: 'Sure?' },
          yes: { id: 'Ya', en: 'Yes' },
          no: { id: 'Tidak', en: 'No' },
        },
      }
    : {}),
}));

/** The context with what `wants` names loaded, as an app would load it. */
function contextFor(wants: ListWants): FlowContext {
  const want = wants.things;
  const hits = ITEMS.filter((i) => !want?.window?.query || i.label.id.includes(want.window.query));
  const window = want?.window;
  const chosen = want?.chosen;
  return {
    locale: 'id',
    now: new Date('2026-06-15T03:00:00Z'),
    role: 'MEMBER',
    refusals: {},
    vars: {},
    status: { id: 'Status.', en: 'Status.' },
    paged: {
      things: {
        ...(window
          ? {
              page: {
                window,
                items: hits.slice(window.offset, window.offset + PAGE_SIZE),
                matches: hits.length,
              },
            }
          : {}),
        ...(chosen ? { chosen: { id: chosen, item: ITEMS.find((i) => i.id === chosen) ?? null } } : {}),
      },
    },
    data: null,
  };
}

/** A message as an app handles it: with what `wants` names, and again with what the engine `needs`. */
function say(state: SessionState, text: string): EngineResult {
  const input: InboundContent = { type: 'text', text };
  let want = engine.wants(state, input).things ?? { window: null, chosen: null };
  for (let attempt = 0; ; attempt++) {
    const result = engine.handle(state, input, contextFor({ things: want }));
    const need = result.needs?.things;
    if (!need || attempt >= 2) return result;
    want = { window: need.window ?? want.window, chosen: need.chosen ?? want.chosen };
  }
}

describe('a paged list of plain items', () => {
  it('is paged, searched and picked from with the engine’s own words', () => {
    const opened = say(engine.initialState(), 'pilih');
    expect(opened.outbox[0]!.text).toBe(
      'Pilih barang:\nHalaman 1 dari 3 (25 pilihan). Ketik *lagi* atau *sebelumnya* untuk halaman lain.\nKetik nomor pilihan, atau kata untuk mencari.',
    );
    expect(opened.outbox[0]!.choices?.map((c) => c.label)).toHaveLength(10);
    const next = say(opened.state, 'lagi');
    expect(next.outbox[0]!.choices?.[0]?.label).toBe('Barang 11');
    const none = say(next.state, 'zzz');
    expect(none.outbox[0]!.text).toBe('⚠️ Tidak ada yang cocok dengan "zzz". Ketik kata lain, atau *semua*.');
    const searched = say(next.state, 'Barang 2');
    expect(searched.outbox[0]!.text).toContain('Hasil pencarian "Barang 2": 7 pilihan (halaman 1 dari 1)');
    const back = say(searched.state, 'semua');
    expect(say(back.state, '7').outbox[0]!.text).toBe('⚠️ Sudah habis.');
    const asked = say(back.state, '8');
    expect(asked.outbox[0]).toMatchObject({ text: 'Yakin?', choices: [{ label: 'Ya' }, { label: 'Tidak' }] });
    expect(say(asked.state, 'tidak').outbox[0]!.choices?.[0]?.label).toBe('Barang 1');
    expect(say(asked.state, 'ya').outbox.map((m) => m.text)).toEqual(['Dipilih.']);
    const picked = say(back.state, '3');
    expect(picked.outbox.map((m) => m.text)).toEqual(['Dipilih.']);
    expect(picked.state.active).toBeNull();
  });
});

describe('the engine’s words for what the app is about', () => {
  const stranger = (): FlowContext => ({ ...contextFor({}), role: 'UNREGISTERED' });
  const worded = createKinds({
    steps: [note, selectOne],
    completions: [noCompletion],
    lists: [things],
    texts: {
      'flow.unregistered': { id: 'Daftar dulu di loket.', en: 'Register at the desk first.' },
      'files.none_here': { id: 'Buka katalog dulu.', en: 'Open the catalogue first.' },
    },
  });
  const wordedEngine = createFlowEngine([parseFlow(flowText, 'pick.yaml', worded)], worded);

  it('are plain unless the registry gives its own', () => {
    const idle = engine.initialState();
    expect(engine.handle(idle, { type: 'text', text: 'pilih' }, stranger()).outbox[0]!.text).toBe(
      'Anda belum terdaftar.',
    );
    expect(engine.handle(idle, { type: 'text', text: 'lampiran' }, contextFor({})).outbox[0]!.text).toBe(
      'Tidak ada yang sedang ditampilkan dengan lampiran.',
    );
    expect(wordedEngine.handle(idle, { type: 'text', text: 'pilih' }, stranger()).outbox[0]!.text).toBe(
      'Daftar dulu di loket.',
    );
    const en: SessionState = { ...idle, locale: 'en' };
    expect(wordedEngine.handle(en, { type: 'text', text: 'lampiran' }, contextFor({})).outbox[0]!.text).toBe(
      'Open the catalogue first.',
    );
  });
});

import { JUROR_NOMINEES, type SeleksiContext } from '../../src/app/flow-steps/context.ts';
import type { InboundContent } from '../../src/core/messages.ts';
import type { EngineResult, FlowEngine, Locale, SessionState } from '../../src/flow-engine/api.ts';

/**
 * A tiny stand-in for the flow engine, for the app layer's tests: it follows the FlowEngine
 * contract and records every call, so the tests see exactly which context the app built.
 *
 * Unregistered chats are asked for the invite code (a typed code becomes a `register` effect).
 * Registered: `nominasi` → asks the name → `kirim` submits a nomination for the first category
 * in the officer's region; `nilai <nominationId> <n>` submits a score sheet; `bahasa` switches to
 * English; `status` answers ctx.status; anything else echoes "step N" (N = answers so far).
 */
export interface FakeEngine extends FlowEngine {
  calls: { state: SessionState; input: InboundContent; ctx: SeleksiContext }[];
}

export function createFakeEngine(): FakeEngine {
  const calls: FakeEngine['calls'] = [];
  return {
    calls,
    initialState(locale: Locale = 'id'): SessionState {
      return { schemaVersion: 1, locale, active: null };
    },
    wants(_state, input) {
      // The first page of a juror's list, and the nominee `nilai <nominationId> <n>` scores.
      const text = input.type === 'text' ? input.text.trim() : '';
      return {
        [JUROR_NOMINEES]: {
          window: { query: null, offset: 0 },
          chosen: /^nilai (\S+) \d+$/.exec(text)?.[1] ?? null,
        },
      };
    },
    handle(state, input, context): EngineResult {
      // The app's context: the engine's, with the seleksi's data.
      const ctx = context as SeleksiContext;
      const { person, seleksi, allowed } = ctx.data;
      calls.push({ state, input, ctx });
      const text = input.type === 'text' ? input.text.trim() : '';
      const reply = (msg: string, next: SessionState = state, effects: EngineResult['effects'] = []) => ({
        state: next,
        outbox: [{ text: msg }],
        effects,
      });
      if (!person) {
        if (/^[A-Z]+-[A-Z0-9-]+$/i.test(text))
          return reply('checking code', state, [{ type: 'register', code: text }]);
        return reply(
          state.locale === 'en' ? 'Please send your invite code.' : 'Silakan kirim kode undangan Anda.',
        );
      }
      if (text === 'status') return reply(ctx.status[state.locale]);
      if (text === 'bahasa') {
        return reply('language: en', { ...state, locale: 'en' }, [{ type: 'set_locale', locale: 'en' }]);
      }
      if (text === 'nominasi') {
        if (allowed.nominate) return reply(allowed.nominate[state.locale]);
        return reply('Nama calon?', { ...state, active: { flow: 'nom', step: 'name', answers: {} } });
      }
      const nilai = /^nilai (\S+) (\d+)$/.exec(text);
      if (nilai && seleksi) {
        const category = seleksi.categories[0]!;
        return reply('scores sent', state, [
          {
            type: 'submit',
            submission: {
              kind: 'SCORE_SHEET',
              payload: {
                seleksiId: seleksi.id,
                nominationId: nilai[1]!,
                scores: category.criteria.map((c) => ({ criterionCode: c.code, value: Number(nilai[2]) })),
              },
            },
          },
        ]);
      }
      const active = state.active as null | { flow: string; step: string; answers: Record<string, string> };
      if (active?.flow === 'nom' && active.step === 'name') {
        return reply(`Ketik kirim untuk mengirim ${text}`, {
          ...state,
          active: { flow: 'nom', step: 'confirm', answers: { nama: text } },
        });
      }
      if (active?.flow === 'nom' && active.step === 'confirm' && text === 'kirim' && seleksi && person) {
        return reply('terkirim', { ...state, active: null }, [
          {
            type: 'submit',
            submission: {
              kind: 'NOMINATION',
              payload: {
                seleksiId: seleksi.id,
                categoryCode: seleksi.categories[0]!.code,
                regionCode: person.regionCode ?? '',
                nomineeName: active.answers.nama!,
                answers: active.answers,
                attachments: [],
              },
            },
          },
        ]);
      }
      const n = Object.keys(active?.answers ?? {}).length;
      return reply(`step ${n}`);
    },
  };
}

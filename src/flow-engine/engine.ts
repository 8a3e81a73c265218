import type { InboundContent } from '../core/messages.ts';
import { answer } from './answer.ts';
import type { EngineResult, FlowContext, FlowEngine, Locale, SessionState } from './api.ts';
import { command } from './commands.ts';
import type { FlowKinds } from './kinds.ts';
import { loadActive } from './load-active.ts';
import { menu } from './menu.ts';
import { start } from './navigate.ts';
import { listWants } from './paged-list.ts';
import { matchChoice } from './parse-answer.ts';
import { catalogOf, type FlowCatalog, NeedLists, newRun, type Run, roleOf } from './run.ts';
import type { CompiledFlow } from './schema.ts';
import { sessionStateSchema } from './state-schema.ts';
import { et } from './texts.ts';

// The engine's pieces live in the files imported above; these names stay importable from here.
export { type ActiveState, activeStateSchema, sessionStateSchema } from './state-schema.ts';
export { DEFAULT_MAX_TEXT } from './vocabulary.ts';

function initialState(locale: Locale = 'id'): SessionState {
  return { schemaVersion: 1, locale, active: null };
}

function finish(run: Run): EngineResult {
  return {
    state: { schemaVersion: 1, locale: run.locale, active: run.turn ? { ...run.turn.a } : null },
    outbox: run.out,
    effects: run.effects,
  };
}

/** No flow running: a menu button (or its number typed) runs its command, else the menu again. */
function handleIdle(run: Run, input: InboundContent): EngineResult {
  const ctx = run.ctx;
  const registration = run.catalog.registration;
  // Menu buttons, or the menu option's number typed.
  const value =
    input.type === 'choice'
      ? input.value
      : input.type === 'text' && /^\s*\d+\s*$/.test(input.text)
        ? input.text
        : null;
  if (value !== null && roleOf(ctx) !== 'UNREGISTERED') {
    const probe: Run = { ...run, out: [] };
    menu(probe);
    const picked = matchChoice(value, probe.out[0]?.choices ?? []);
    if (picked && command(run, picked.value)) return finish(run);
  }
  if (roleOf(ctx) === 'UNREGISTERED' && registration) start(run, registration);
  else {
    if (input.type === 'choice') run.out.push({ text: `⚠️ ${et('err.no_choice_now', run.locale)}` });
    menu(run);
  }
  return finish(run);
}

function handleUnsafe(
  catalog: FlowCatalog,
  state: SessionState,
  input: InboundContent,
  ctx: FlowContext,
): EngineResult {
  const parsedState = sessionStateSchema.safeParse(state);
  const st: SessionState = parsedState.success
    ? { schemaVersion: 1, locale: parsedState.data.locale, active: parsedState.data.active }
    : initialState(ctx.locale);
  const run = newRun(catalog, st.locale, ctx);
  if (!parsedState.success) {
    run.out.push({ text: et('flow.lost', run.locale) });
    menu(run);
    return finish(run);
  }
  if (loadActive(run, st) === 'restarted') return finish(run);

  if (input.type === 'text' && command(run, input.text)) return finish(run);
  // Menu buttons stay valid while a flow runs: they are commands, not answers.
  if (input.type === 'choice' && input.token === 'menu' && command(run, input.value)) return finish(run);
  if (!run.turn) return handleIdle(run, input);
  answer(run.turn, input);
  return finish(run);
}

/** Creates the engine over flows validated with the same registry (see loadFlows). */
export function createFlowEngine(flows: CompiledFlow[], kinds: FlowKinds): FlowEngine {
  const catalog = catalogOf(flows, kinds);

  /**
   * Never throws: an internal error ends the running flow with a notice (and is reported in
   * `error` for the app to log), so one bad state cannot block a chat for good.
   */
  function handle(state: SessionState, input: InboundContent, ctx: FlowContext): EngineResult {
    try {
      return handleUnsafe(catalog, state, input, ctx);
    } catch (error) {
      // The lists the message reads were not loaded: nothing happened, the app loads and asks again.
      if (error instanceof NeedLists) return { state, outbox: [], effects: [], needs: error.wants };
      const locale: Locale = state?.locale === 'en' ? 'en' : 'id';
      const run = newRun(catalog, locale, ctx);
      run.out.push({ text: et('flow.lost', locale) });
      try {
        menu(run);
      } catch {
        // the notice alone is enough
      }
      return {
        ...finish(run),
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
  }

  return { initialState, handle, wants: (state, input) => listWants(catalog, state, input) };
}

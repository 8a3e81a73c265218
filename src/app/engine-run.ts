import type { InboundContent } from '../core/messages.ts';
import type { PrismaDb } from '../db/client.ts';
import type { EngineResult, FlowEngine, ListWants, SessionState } from '../flow-engine/api.ts';
import type { ContextBuilder, Identity } from './context.ts';
import type { SeleksiContext } from './flow-steps/context.ts';
import type { JurorSources } from './juror-lists.ts';

/** One engine call with the context it needs. */
export interface EngineRun {
  ctx: SeleksiContext;
  result: EngineResult;
}

/**
 * Builds the context and runs the engine on one message. A juror's lists are read bounded: what
 * the engine says the message reads (FlowEngine.wants); when it turns out to need more (a page it
 * turned to, a nominee it picked that was not foreseen), that is read too and the message runs again
 * from the same state (the engine is pure, so the first run left nothing behind).
 */
export async function runEngine(
  engine: FlowEngine,
  contexts: ContextBuilder,
  args: {
    db: PrismaDb;
    /** Where a juror's lists are read. */
    sources: JurorSources;
    identity: Identity | null;
    state: SessionState;
    input: InboundContent;
    at: Date;
    /** Sets what the context needs besides (a draft in another chat). */
    extend?: (ctx: SeleksiContext) => void;
  },
): Promise<EngineRun> {
  let wants = engine.wants(args.state, args.input);
  for (let attempt = 0; ; attempt++) {
    const ctx = await contexts.build(args.db, args.identity, args.state.locale, args.at, {
      ...args.sources,
      wants,
    });
    args.extend?.(ctx);
    const result = engine.handle(args.state, args.input, ctx);
    if (!result.needs || attempt >= 2) return { ctx, result };
    wants = withNeeds(wants, result.needs);
  }
}

/** What was wanted, with what the engine found it needs besides (per list: the window, the item). */
function withNeeds(wants: ListWants, needs: ListWants): ListWants {
  const out = { ...wants };
  for (const [name, need] of Object.entries(needs)) {
    const was = wants[name];
    out[name] = { window: need.window ?? was?.window ?? null, chosen: need.chosen ?? was?.chosen ?? null };
  }
  return out;
}

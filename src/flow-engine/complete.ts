import { type CompletionHandler, completionOf } from './kinds.ts';
import { leave, type Turn } from './run.ts';

function handlerOf(t: Turn): CompletionHandler {
  return completionOf(t.run.catalog.kinds, t.flow);
}

/**
 * Why the flow may not end now (its on_complete handler says, e.g. a nomination that breaks its
 * category's rules), in the run's locale; null when it may. The caller refuses with this reason
 * and keeps the answers.
 */
export function completionRefusal(t: Turn): string | null {
  return handlerOf(t).refusal?.(t) ?? null;
}

/** Ends the running flow with the effects its on_complete handler gives. */
export function complete(t: Turn) {
  t.run.effects.push(...handlerOf(t).complete(t));
  leave(t.run);
}

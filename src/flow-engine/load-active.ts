import type { SessionState } from './api.ts';
import { kindOf } from './kinds.ts';
import { menu } from './menu.ts';
import { start } from './navigate.ts';
import { enter, label, type Run, roleOf, type Turn } from './run.ts';
import { activeStateSchema } from './state-schema.ts';
import { et } from './texts.ts';

/**
 * Restores the running flow. A state that no longer parses or names a removed flow is ended
 * with a notice; a flow whose version changed restarts with a notice. Either way the message
 * that arrived is not applied to a question the user no longer sees. Returns the running flow's
 * cursor, 'idle' when no flow runs, or 'restarted' when the user was told it ended or restarted.
 */
export function loadActive(run: Run, state: SessionState): Turn | 'idle' | 'restarted' {
  if (!state.active) return 'idle';
  const parsed = activeStateSchema.safeParse(state.active);
  const known = parsed.success ? run.catalog.byId.get(parsed.data.flowId) : undefined;
  const flow = known ? run.catalog.kinds.expand(known, run.ctx) : undefined;
  if (!parsed.success || !flow) {
    run.out.push({ text: et('flow.lost', run.locale) });
    menu(run);
    return 'restarted';
  }
  const a = parsed.data;
  // The chat was registered meanwhile (registration flow), or the person's role changed: the
  // flow is not theirs any more, so it ends quietly and the message is handled as if idle.
  if (!flow.roles.includes(roleOf(run.ctx))) return 'idle';
  const refusal = flow.permission ? (run.ctx.refusals[flow.permission] ?? null) : null;
  if (refusal) {
    // The phase closed (or the right was withdrawn) in the middle of the flow: say so now
    // rather than at submission.
    run.out.push({ text: refusal[run.locale] });
    menu(run);
    return 'restarted';
  }
  const step = flow.steps[a.pos];
  // A step asked in parts whose part is gone (a scores step's nominee withdrawn, criteria
  // changed) cannot be asked again: restart like a changed flow.
  const parts = step ? kindOf(run.catalog.kinds, step).parts : undefined;
  const lostPart = step && parts ? !parts({ run, flow, a }, step)[a.sub] : false;
  if (a.flowVersion !== flow.version || !step || lostPart) {
    run.out.push({ text: et('flow.restarted', run.locale, { title: label(flow.title, run.locale) }) });
    start(run, flow);
    return 'restarted';
  }
  return enter(run, flow, a);
}

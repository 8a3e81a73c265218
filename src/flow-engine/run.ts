import type {
  BilingualText,
  FlowContext,
  FlowRole,
  ListPage,
  ListWants,
  ListWindow,
  Locale,
  MediaAnswer,
} from './api.ts';
import { completionOf, type FlowCatalog, type FlowKinds, listOf, type Run, type Turn } from './kinds.ts';
import type { CompiledFlow, CompiledStep, Label } from './schema.ts';
import type { ActiveState } from './state-schema.ts';
import { type EngineTextKey, et, fill } from './texts.ts';

/** The call's working set and a running flow's cursor are defined with the registry (kinds.ts). */
export type { FlowCatalog, Run, Turn } from './kinds.ts';

/** A person's role as the flows name it (no person yet: UNREGISTERED). */
export type Role = FlowRole;

/** One file of a photo / document answer. */
export type Media = MediaAnswer;

/** An intermediate pick the current question waits for (region matches, answer to change). */
export type Pending = NonNullable<ActiveState['pending']>;

/** Indexes the flows once, when the engine is created. */
export function catalogOf(flows: CompiledFlow[], kinds: FlowKinds): FlowCatalog {
  return {
    flows,
    kinds,
    byId: new Map(flows.map((f) => [f.id, f])),
    byCommand: new Map(flows.flatMap((f) => (f.command ? [[f.command.toLowerCase(), f] as const] : []))),
    registration: flows.find(
      (f) => f.roles.includes('UNREGISTERED') && completionOf(kinds, f).registers === true,
    ),
  };
}

/** A fresh working set for one handle() call, idle. */
export function newRun(catalog: FlowCatalog, locale: Locale, ctx: FlowContext): Run {
  return { catalog, locale, ctx, out: [], effects: [], turn: null };
}

/** Makes `flow` at state `a` the running flow. */
export function enter(run: Run, flow: CompiledFlow, a: ActiveState): Turn {
  const turn: Turn = { run, flow, a };
  run.turn = turn;
  return turn;
}

/** Ends the running flow (finished, cancelled, or nothing left to ask). */
export function leave(run: Run): void {
  run.turn = null;
}

/** The step being asked. */
export function current(t: Turn): CompiledStep {
  return t.flow.steps[t.a.pos]!;
}

/** A text in both languages (of the context, or the app's) in the run's locale. */
export function local(run: Run, t: BilingualText): string {
  return (run.locale === 'en' ? t.en : t.id) || t.id;
}

/** An engine text in the run's locale: the registry's own words for it (FlowKinds.texts), else the engine's. */
export function engineText(run: Run, key: EngineTextKey, vars: Record<string, string | number> = {}): string {
  const own = run.catalog.kinds.texts[key];
  return own ? fill(local(run, own), vars) : et(key, run.locale, vars);
}

/** A flow label in the run's locale (Indonesian when no English is given). */
export function label(l: Label | undefined, locale: Locale): string {
  if (!l) return '';
  return locale === 'en' ? (l.en ?? l.id) : l.id;
}

/** YYYY-MM-DD of a date (UTC), as answers and expressions hold dates. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** DD-MM-YYYY, as people in Indonesia write dates. */
export function displayDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

/** True for the stored answer of a photo / document question. */
export function isMediaAnswer(v: unknown): v is { media: Media[] } {
  return typeof v === 'object' && v !== null && Array.isArray((v as { media?: unknown }).media);
}

/** The chat's role as flows' `roles` name it. */
export function roleOf(ctx: FlowContext): Role {
  return ctx.role;
}

/** Thrown when the context lacks a page or item of a paged list the message needs: handle() reports them. */
export class NeedLists extends Error {
  constructor(readonly wants: ListWants) {
    super('lists not loaded');
  }
}

/** The first page of a paged list, nothing typed to narrow it. */
export const FIRST_WINDOW: ListWindow = { query: null, offset: 0 };

/** The window the running flow's paged list is at (see paged-list.ts). */
export function windowOf(a: ActiveState | null): ListWindow {
  return a?.list ? { query: a.list.query, offset: a.list.offset } : FIRST_WINDOW;
}

/** The page of paged list `name` for the window the list is at (throws NeedLists when the app loaded another). */
export function pageFor(run: Run, name: string): ListPage {
  const want = windowOf(run.turn?.a ?? null);
  const page = run.ctx.paged[name]?.page;
  if (!page || page.window.query !== want.query || page.window.offset !== want.offset)
    throw new NeedLists({ [name]: { window: want, chosen: null } });
  return page;
}

/** The paged list the running flow shows (idle: the first one registered), if any. */
export function pagedListOf(run: Run): string | undefined {
  const kinds = run.catalog.kinds;
  const steps = run.turn?.flow.steps;
  if (steps) return steps.map((s) => listOf(kinds, s)).find((l) => l?.paged)?.name;
  return [...kinds.lists.values()].find((l) => l.paged)?.name;
}

function vars(run: Run, template: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(run.ctx.vars)) out[k] = typeof v === 'string' ? v : local(run, v);
  // Only a label that shows the progress reads the list's counts.
  const list = template.includes('{progress}') ? pagedListOf(run) : undefined;
  if (list) {
    const progress = pageFor(run, list).progress;
    out.progress = progress ? local(run, progress) : '';
  }
  return out;
}

/** A flow label in the run's locale with its {variables} filled in. */
export function text(run: Run, l: Label | undefined): string {
  const template = label(l, run.locale);
  return fill(template, vars(run, template));
}

/** The current question's choice token: buttons of older questions are reported as stale. */
export function token(t: Turn): string {
  return `${t.a.flowId}:${t.a.seq}`;
}

import type { Choice, InboundContent } from '../core/messages.ts';
import type { ListItem, ListWant, ListWants, ListWindow, SessionState } from './api.ts';
import { listOf } from './kinds.ts';
import {
  engineText,
  FIRST_WINDOW,
  type FlowCatalog,
  local,
  NeedLists,
  pageFor,
  type Run,
  windowOf,
} from './run.ts';
import type { CompiledStep } from './schema.ts';
import { type ActiveState, activeStateSchema } from './state-schema.ts';
import { fill } from './texts.ts';
import type { ListTextKey } from './texts-list.ts';
import { builtinCommandOf } from './vocabulary.ts';

/**
 * A list too long to send or load whole (a registered ChoiceList with `paged`: thousands of items)
 * is shown a page at a time. The app loads only the page the message shows and the item it
 * chooses (FlowEngine.wants), as generic items (id, label; ListItem); typing a number picks from
 * the page last shown, "lagi" / "sebelumnya" turn pages, and any other text narrows the list to
 * what matches it (the app decides what matches).
 */

/** Items per page: well under Telegram's 100 buttons and 4,096 characters. */
export const PAGE_SIZE = 10;
const NEXT_WORDS = new Set(['lagi', 'berikutnya', 'selanjutnya', 'next', 'more']);
const PREV_WORDS = new Set(['sebelumnya', 'prev', 'previous']);
const ALL_WORDS = new Set(['semua', 'all']);

type Move = { kind: 'pick'; id: string } | { kind: 'window'; window: ListWindow };

/** What a message typed at a paged list does: pick an item, or show another window. */
export function listMove(list: ActiveState['list'], typed: string, isChoice: boolean): Move {
  if (isChoice) return { kind: 'pick', id: typed };
  const s = typed.trim();
  const word = s.toLowerCase();
  const query = list?.query ?? null;
  const offset = list?.offset ?? 0;
  if (NEXT_WORDS.has(word)) return { kind: 'window', window: { query, offset: offset + PAGE_SIZE } };
  if (PREV_WORDS.has(word))
    return { kind: 'window', window: { query, offset: Math.max(0, offset - PAGE_SIZE) } };
  if (ALL_WORDS.has(word)) return { kind: 'window', window: FIRST_WINDOW };
  const ids = list?.ids ?? [];
  const n = /^\d+$/.test(s) ? Number(s) : 0;
  if (n >= 1 && n <= ids.length) return { kind: 'pick', id: ids[n - 1]! };
  return { kind: 'window', window: { query: s.slice(0, 100), offset: 0 } };
}

/** True when the text is a command (built-in or a flow's): it may open or leave any list. */
function isCommandText(catalog: FlowCatalog, text: string): boolean {
  const word = /^\s*\/?([A-Za-z]+)/.exec(text)?.[1]?.toLowerCase();
  return Boolean(word && (builtinCommandOf(word) || catalog.byCommand.has(word)));
}

const NONE: ListWant = { window: null, chosen: null };

/** What the message will read (FlowEngine.wants): the list window shown and the item chosen. */
export function listWants(catalog: FlowCatalog, state: SessionState, input: InboundContent): ListWants {
  const parsed = state?.active ? activeStateSchema.safeParse(state.active) : null;
  // No flow running: a command or the menu may open any paged list.
  if (!parsed?.success) {
    const paged = [...catalog.kinds.lists.values()].filter((l) => l.paged);
    return Object.fromEntries(paged.map((l) => [l.name, { window: FIRST_WINDOW, chosen: null }]));
  }
  const a = parsed.data;
  const flow = catalog.byId.get(a.flowId);
  const listStep = flow?.steps.find((s) => listOf(catalog.kinds, s)?.paged);
  if (!flow || !listStep?.choices_from) return {};
  return { [listStep.choices_from]: wantOf(catalog, a, { list: listStep, at: flow.steps[a.pos] }, input) };
}

/** What a message reads of the running flow's paged list (`steps.list`), asked at `steps.at`. */
function wantOf(
  catalog: FlowCatalog,
  a: ActiveState,
  steps: { list: CompiledStep; at: CompiledStep | undefined },
  input: InboundContent,
): ListWant {
  const listStep = steps.list;
  const window = windowOf(a);
  const answered = a.answers[listStep.name];
  const chosen = typeof answered === 'string' ? answered : null;
  const typed = input.type === 'text' ? input.text : input.type === 'choice' ? input.value : null;
  const command =
    (input.type === 'text' && isCommandText(catalog, input.text)) ||
    (input.type === 'choice' && input.token === 'menu');
  if (command || typed === null) return { window, chosen };
  if (a.pending?.kind === 'replace') return { window, chosen: a.pending.value };
  if (steps.at === listStep && !a.pending) {
    const move = listMove(a.list, typed, input.type === 'choice');
    return move.kind === 'pick' ? { ...NONE, chosen: move.id } : { ...NONE, window: move.window };
  }
  if (steps.at?.type === 'summary' || a.pending) return { window, chosen };
  return { ...NONE, chosen };
}

/** A word of paged list `name` in the run's locale: its own (ChoiceList.texts), else the registry's or the engine's. */
export function listText(
  run: Run,
  name: string,
  key: ListTextKey,
  vars: Record<string, string | number> = {},
): string {
  const own = run.catalog.kinds.lists.get(name)?.texts?.[key];
  return own ? fill(local(run, own), vars) : engineText(run, key, vars);
}

/** The item of paged list `name` with this id (null: not on the list; throws NeedLists when not loaded). */
export function chosenItem(run: Run, name: string, id: string): ListItem | null {
  const c = run.ctx.paged[name]?.chosen;
  if (!c || c.id !== id) throw new NeedLists({ [name]: { ...NONE, chosen: id } });
  return c.item;
}

/** The page's items of paged list `name` as choices (values are the items' ids). */
export function pageChoices(run: Run, name: string): Choice[] {
  return pageFor(run, name).items.map((i) => ({ value: i.id, label: local(run, i.label) }));
}

/** The items of paged list `name` loaded for this message (the chosen one and the page's), as choices. */
export function loadedChoices(run: Run, name: string): Choice[] {
  const loaded = run.ctx.paged[name];
  const chosen = loaded?.chosen?.item;
  const items = [...(chosen ? [chosen] : []), ...(loaded?.page?.items ?? [])];
  return items.map((i) => ({ value: i.id, label: local(run, i.label) }));
}

import type { Choice, InboundContent } from '../core/messages.ts';
import type { ListWants, ListWindow, NominationView, SessionState } from './api.ts';
import { listOf } from './kinds.ts';
import {
  categoryName,
  FIRST_WINDOW,
  type FlowCatalog,
  NeedLists,
  pageFor,
  type Run,
  windowOf,
} from './run.ts';
import { type ActiveState, activeStateSchema } from './state-schema.ts';
import { et } from './texts.ts';
import { builtinCommandOf } from './vocabulary.ts';

/**
 * A list too long to send or load whole (the juror's nominees: thousands in a national round) is
 * shown a page at a time. The app loads only the page the message shows and the nominee it
 * chooses (FlowEngine.wants); typing a number picks from the page last shown, "lagi" /
 * "sebelumnya" turn pages, and any other text narrows the list to what matches it.
 */

/** Items per page: well under Telegram's 100 buttons and 4,096 characters. */
export const PAGE_SIZE = 10;
/** Longest nominee name in a list line (the dossier shows it whole). */
const NAME_MAX = 60;
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

/** What the message will read (FlowEngine.wants): the list window shown and the nominee chosen. */
export function listWants(catalog: FlowCatalog, state: SessionState, input: InboundContent): ListWants {
  const parsed = state?.active ? activeStateSchema.safeParse(state.active) : null;
  // No flow running: a command or the menu may open the list.
  if (!parsed?.success) return { jurorWindow: FIRST_WINDOW, jurorChosen: null };
  const a = parsed.data;
  const flow = catalog.byId.get(a.flowId);
  const listStep = flow?.steps.find((s) => listOf(catalog.kinds, s)?.paged);
  if (!flow || !listStep) return { jurorWindow: null, jurorChosen: null };
  const window = windowOf(a);
  const answered = a.answers[listStep.name];
  const chosen = typeof answered === 'string' ? answered : null;
  const typed = input.type === 'text' ? input.text : input.type === 'choice' ? input.value : null;
  const command =
    (input.type === 'text' && isCommandText(catalog, input.text)) ||
    (input.type === 'choice' && input.token === 'menu');
  if (command || typed === null) return { jurorWindow: window, jurorChosen: chosen };
  if (a.pending?.kind === 'replace') return { jurorWindow: window, jurorChosen: a.pending.value };
  const step = flow.steps[a.pos];
  if (step === listStep && !a.pending) {
    const move = listMove(a.list, typed, input.type === 'choice');
    return move.kind === 'pick'
      ? { jurorWindow: null, jurorChosen: move.id }
      : { jurorWindow: move.window, jurorChosen: null };
  }
  if (step?.type === 'summary' || a.pending) return { jurorWindow: window, jurorChosen: chosen };
  return { jurorWindow: null, jurorChosen: chosen };
}

/** The nominee with this id (null: not on the juror's list; throws NeedLists when not loaded). */
export function chosenNominee(run: Run, id: string): NominationView | null {
  const c = run.ctx.lists.jurorChosen;
  if (!c || c.id !== id) throw new NeedLists({ jurorWindow: null, jurorChosen: id });
  return c.nominee;
}

/** A nominee as a list line: number, name, kabupaten/kota, category and what this juror did. */
export function nomineeLabel(run: Run, n: NominationView): string {
  const mark = n.scored
    ? ` ${et('list.scored', run.locale)}`
    : n.pending
      ? ` ${et('list.pending', run.locale)}`
      : n.recused
        ? ` ${et('list.recused', run.locale)}`
        : '';
  const cat = categoryName(run, n.categoryCode);
  const name = n.nomineeName.length > NAME_MAX ? `${n.nomineeName.slice(0, NAME_MAX - 1)}…` : n.nomineeName;
  return `${n.number} — ${name} (${n.regionName}, ${cat})${mark}`;
}

/** The page's items as choices (values are nomination ids). */
export function pageChoices(run: Run): Choice[] {
  return pageFor(run).items.map((n) => ({ value: n.id, label: nomineeLabel(run, n) }));
}

/** The nominees of a juror list to show with an answer: the page's and the chosen one, when loaded. */
export function loadedNominees(run: Run): NominationView[] {
  const chosen = run.ctx.lists.jurorChosen?.nominee;
  return [...(chosen ? [chosen] : []), ...(run.ctx.lists.jurorPage?.items ?? [])];
}

import type { ListWindow } from './api.ts';
import { accept } from './navigate.ts';
import { chosenNominee, listMove } from './paged-list.ts';
import { ask, reject } from './question.ts';
import { current, pageFor, type Turn } from './run.ts';
import type { CompiledStep } from './schema.ts';
import { et } from './texts.ts';
import { NO_WORDS, SUBMIT_WORDS } from './vocabulary.ts';

/** Shows another window of the list, or says why it has nothing (and stays on the page shown). */
function showWindow(t: Turn, window: ListWindow) {
  const { run, a } = t;
  const before = a.list ?? null;
  a.list = { ...window, ids: a.list?.ids ?? [] };
  const page = pageFor(run);
  if (page.items.length > 0) {
    a.seq += 1;
    ask(t);
    return;
  }
  a.list = before;
  const key =
    window.offset > 0 || !window.query
      ? 'list.end'
      : page.hiddenOwn > 0
        ? 'list.own_region'
        : 'list.no_match';
  run.out.push({ text: `⚠️ ${et(key, run.locale, { query: window.query ?? '' })}` });
}

/** A message at the list step: turn a page, narrow the list, or pick a nominee. */
export function answerList(t: Turn, step: CompiledStep, typed: string, isChoice: boolean) {
  const { run, a } = t;
  const move = listMove(a.list, typed, isChoice);
  if (move.kind === 'window') return showWindow(t, move.window);
  const n = chosenNominee(run, move.id);
  if (!n) return reject(t, et('list.not_available', run.locale));
  if (n.recused) return reject(t, et('list.recused_already', run.locale));
  if (n.scored || n.pending) {
    // A sheet is stored or on its way: a new one replaces it, so ask first.
    a.pending = { kind: 'replace', value: n.id };
    a.seq += 1;
    return ask(t);
  }
  accept(t, step, n.id);
}

/** The answer to "replace the sheet already sent?": yes goes on to the dossier, no back to the list. */
export function answerReplace(t: Turn, value: string, typed: string) {
  const a = t.a;
  const step = current(t);
  const s = typed.trim().toLowerCase();
  if (s === '1' || SUBMIT_WORDS.has(s)) {
    a.pending = null;
    return accept(t, step, value);
  }
  if (s === '2' || NO_WORDS.has(s)) {
    a.pending = null;
    a.seq += 1;
    return ask(t);
  }
  reject(t, et('err.yes_no', t.run.locale));
}

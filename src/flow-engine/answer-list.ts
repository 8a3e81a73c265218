import type { ListWindow } from './api.ts';
import { accept } from './navigate.ts';
import { chosenItem, listMove, listText } from './paged-list.ts';
import { ask, reject } from './question.ts';
import { current, local, pageFor, type Turn } from './run.ts';
import type { CompiledStep } from './schema.ts';
import { et } from './texts.ts';
import { NO_WORDS, SUBMIT_WORDS } from './vocabulary.ts';

/** Shows another window of the list, or says why it has nothing (and stays on the page shown). */
function showWindow(t: Turn, name: string, window: ListWindow) {
  const { run, a } = t;
  const before = a.list ?? null;
  a.list = { ...window, ids: a.list?.ids ?? [] };
  const page = pageFor(run, name);
  if (page.items.length > 0) {
    a.seq += 1;
    ask(t);
    return;
  }
  a.list = before;
  const why =
    window.offset > 0 || !window.query
      ? listText(run, name, 'list.end')
      : page.emptyNote
        ? local(run, page.emptyNote)
        : listText(run, name, 'list.no_match', { query: window.query });
  run.out.push({ text: `⚠️ ${why}` });
}

/** A message at the list step: turn a page, narrow the list, or pick an item. */
export function answerList(t: Turn, step: CompiledStep, typed: string, isChoice: boolean) {
  const { run, a } = t;
  const name = step.choices_from ?? '';
  const move = listMove(a.list, typed, isChoice);
  if (move.kind === 'window') return showWindow(t, name, move.window);
  const item = chosenItem(run, name, move.id);
  if (!item) return reject(t, listText(run, name, 'list.not_available'));
  if (item.refusal) return reject(t, local(run, item.refusal));
  if (item.confirm) {
    // Taking it replaces something (a sheet stored or on its way): ask first.
    a.pending = { kind: 'replace', value: item.id };
    a.seq += 1;
    return ask(t);
  }
  accept(t, step, item.id);
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

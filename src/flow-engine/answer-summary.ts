import { answerReplace } from './answer-list.ts';
import { kindOf } from './kinds.ts';
import { enterFrom, forgetMediaOf, moveTo } from './navigate.ts';
import { matchChoice } from './parse-answer.ts';
import { ask, reject } from './question.ts';
import { current, type Pending, type Turn } from './run.ts';
import { summaryItems } from './summary-items.ts';
import { et } from './texts.ts';
import { EDIT_WORDS, SUBMIT_WORDS } from './vocabulary.ts';

/**
 * An answer to a pick list: the summary line to change, replacing a sheet sent, or a pick list the
 * step's type asked (several region matches).
 */
export function answerPending(t: Turn, pending: Pending, input: string) {
  const run = t.run;
  const a = t.a;
  const step = current(t);
  if (pending.kind === 'region') {
    const own = kindOf(run.catalog.kinds, step).pending;
    if (own) return own(t, step, input);
    a.pending = null;
    return ask(t);
  }
  if (pending.kind === 'replace') return answerReplace(t, pending.value, input);
  const items = summaryItems(t, a.pos);
  const n = Number(input.trim());
  const choices = items.map((it, i) => ({ value: `${i + 1}`, label: `${it.label}: ${it.value}` }));
  const picked = Number.isInteger(n) && n >= 1 && n <= items.length ? items[n - 1] : undefined;
  const byText = picked ?? items[Number(matchChoice(input, choices)?.value ?? 0) - 1];
  if (!byText) return reject(t, et('err.choice', run.locale, { input: input.trim(), count: items.length }));
  a.review = true;
  forgetMediaOf(t, byText.pos);
  moveTo(t, byText.pos, byText.sub);
}

/** The summary's answer: submit (1), change (2, then a pick list), or `ubah N` directly. */
export function answerSummary(t: Turn, input: string) {
  const run = t.run;
  const a = t.a;
  const s = input.trim().toLowerCase();
  const word = s.split(/\s+/)[0] ?? '';
  if (s === '1' || s === 'submit' || SUBMIT_WORDS.has(s)) return enterFrom(t, a.pos + 1);
  if (s === '2' || s === 'edit' || EDIT_WORDS.has(s)) {
    a.pending = { kind: 'pick_edit' };
    a.seq += 1; // the summary's buttons are stale now
    return ask(t);
  }
  const direct = /^\S+\s+(\d+)$/.exec(s);
  if (EDIT_WORDS.has(word) && direct) return answerPending(t, { kind: 'pick_edit' }, direct[1]!);
  reject(t, et('err.summary', run.locale));
}

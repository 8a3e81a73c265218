import { answerReplace } from './answer-list.ts';
import { answerRegion } from './answer-region.ts';
import { accept, enterFrom, forgetMediaOf, moveTo } from './navigate.ts';
import { matchChoice } from './parse-answer.ts';
import { ask, reject } from './question.ts';
import type { Pending, Run } from './run.ts';
import { summaryItems } from './summary-items.ts';
import { et } from './texts.ts';
import { EDIT_WORDS, SUBMIT_WORDS } from './vocabulary.ts';

/** An answer to a pick list: one of several region matches, replacing a sheet sent, or the summary line to change. */
export function answerPending(run: Run, pending: Pending, input: string) {
  const a = run.a!;
  const step = run.flow!.steps[a.pos]!;
  if (pending.kind === 'region') {
    const picked = matchChoice(input, pending.matches);
    if (picked) {
      a.pending = null;
      return accept(run, step, picked.value);
    }
    return answerRegion(run, step, input); // a new name typed instead
  }
  if (pending.kind === 'replace') return answerReplace(run, pending.value, input);
  const items = summaryItems(run, a.pos);
  const n = Number(input.trim());
  const choices = items.map((it, i) => ({ value: `${i + 1}`, label: `${it.label}: ${it.value}` }));
  const picked = Number.isInteger(n) && n >= 1 && n <= items.length ? items[n - 1] : undefined;
  const byText = picked ?? items[Number(matchChoice(input, choices)?.value ?? 0) - 1];
  if (!byText) return reject(run, et('err.choice', run.locale, { input: input.trim(), count: items.length }));
  a.review = true;
  forgetMediaOf(run, byText.pos);
  moveTo(run, byText.pos, byText.sub);
}

/** The summary's answer: submit (1), change (2, then a pick list), or `ubah N` directly. */
export function answerSummary(run: Run, input: string) {
  const a = run.a!;
  const s = input.trim().toLowerCase();
  const word = s.split(/\s+/)[0] ?? '';
  if (s === '1' || s === 'submit' || SUBMIT_WORDS.has(s)) return enterFrom(run, a.pos + 1);
  if (s === '2' || s === 'edit' || EDIT_WORDS.has(s)) {
    a.pending = { kind: 'pick_edit' };
    a.seq += 1; // the summary's buttons are stale now
    return ask(run);
  }
  const direct = /^\S+\s+(\d+)$/.exec(s);
  if (EDIT_WORDS.has(word) && direct) return answerPending(run, { kind: 'pick_edit' }, direct[1]!);
  reject(run, et('err.summary', run.locale));
}

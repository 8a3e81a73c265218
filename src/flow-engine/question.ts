import type { Choice, OutboundMessage } from '../core/messages.ts';
import { displayValue } from './display.ts';
import { kindOf, listOf } from './kinds.ts';
import { chosenItem, listText, PAGE_SIZE, pageChoices } from './paged-list.ts';
import { current, isMediaAnswer, local, pageFor, type Turn, text, token } from './run.ts';
import type { CompiledStep } from './schema.ts';
import { summaryItems } from './summary-items.ts';
import { et } from './texts.ts';

/** The lines under a question: the step's hint, the format asked for, the previous answer. */
export function hints(t: Turn, step: CompiledStep): string[] {
  const run = t.run;
  const kind = kindOf(run.catalog.kinds, step);
  const out: string[] = [];
  if (step.hint) out.push(text(run, step.hint));
  out.push(...(kind.hints?.(run, step) ?? []));
  if (!step.required && step.type !== 'note') out.push(et('hint.optional', run.locale));
  const previous = t.a.answers[step.name];
  if (previous !== undefined && previous !== null && step.type !== 'summary' && !kind.files)
    out.push(et('hint.previous', run.locale, { value: displayValue(t, step, previous) }));
  return out;
}

/** A question as most steps ask it: the label and the hints under it. */
export function plainQuestion(t: Turn, step: CompiledStep, tk: string): OutboundMessage {
  return { text: [text(t.run, step.label), ...hints(t, step)].join('\n'), token: tk };
}

/** The summary: the answers so far, then submit or change. */
export function summaryQuestion(t: Turn, step: CompiledStep, tk: string): OutboundMessage {
  const run = t.run;
  const items = summaryItems(t, t.a.pos);
  // Bullets, not numbers: the only numbers on this message are its options (1 submit, 2 change),
  // so on a numbered-menu channel a number means one thing. The answers are numbered in the pick
  // list that "2" opens.
  const lines = items.map((it) => `• ${it.label}: ${it.value}`);
  const head = [text(run, step.label), et('summary.title', run.locale)].filter(Boolean).join('\n');
  return {
    text: `${head}\n${lines.join('\n')}\n\n${et('summary.instructions', run.locale)}`,
    choices: [
      { value: 'submit', label: et('summary.submit', run.locale) },
      { value: 'edit', label: et('summary.edit', run.locale) },
    ],
    token: tk,
  };
}

/** A paged list: the step's label, the page's place and how to move, the page's items. */
function listQuestion(t: Turn, step: CompiledStep, tk: string): OutboundMessage {
  const { run, a } = t;
  const name = step.choices_from ?? '';
  if (a.pending?.kind === 'replace') {
    const confirm = chosenItem(run, name, a.pending.value)?.confirm;
    if (confirm) {
      return {
        text: local(run, confirm.question),
        choices: [
          { value: 'ya', label: local(run, confirm.yes) },
          { value: 'tidak', label: local(run, confirm.no) },
        ],
        token: tk,
      };
    }
    // Nothing to confirm any more (the item left the list): back to the page.
    a.pending = null;
  }
  const page = pageFor(run, name);
  const pages = Math.max(1, Math.ceil(page.matches / PAGE_SIZE));
  const at = Math.floor(page.window.offset / PAGE_SIZE) + 1;
  const where = page.window.query
    ? listText(run, name, 'list.search', { query: page.window.query, count: page.matches, page: at, pages })
    : pages > 1
      ? listText(run, name, 'list.page', { page: at, pages, count: page.matches })
      : '';
  const lines = [text(run, step.label), where, listText(run, name, 'list.hint'), ...hints(t, step)];
  a.list = { ...page.window, ids: page.items.map((n) => n.id) };
  return { text: lines.filter(Boolean).join('\n'), choices: pageChoices(run, name), token: tk };
}

/** The current question as the user sees it (also used to repeat it). */
export function question(t: Turn): OutboundMessage {
  const { run, a } = t;
  const step = current(t);
  const tk = token(t);
  if (a.pending?.kind === 'pick_edit') {
    const items = summaryItems(t, a.pos);
    return {
      text: et('summary.pick', run.locale),
      choices: items.map((it, i) => ({ value: `${i + 1}`, label: `${it.label}: ${it.value}` })),
      token: tk,
    };
  }
  const kinds = run.catalog.kinds;
  if (listOf(kinds, step)?.paged) return listQuestion(t, step, tk);
  const kind = kindOf(kinds, step);
  return kind.ask ? kind.ask(t, step, tk) : plainQuestion(t, step, tk);
}

/** A photo / document step's option once a file came in: "Selesai" (typed, its number or pressed). */
export function mediaChoices(t: Turn, step: CompiledStep): Choice[] {
  return isMediaAnswer(t.a.answers[step.name])
    ? [{ value: 'done', label: et('media.done', t.run.locale) }]
    : [];
}

/** Sends the current question. */
export function ask(t: Turn) {
  t.run.out.push(question(t));
}

/** Says what was wrong with the answer, then asks the same question again. */
export function reject(t: Turn, error: string) {
  t.run.out.push({ text: `⚠️ ${error}` });
  ask(t);
}

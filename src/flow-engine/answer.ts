import type { InboundContent } from '../core/messages.ts';
import { answerList } from './answer-list.ts';
import { answerPending } from './answer-summary.ts';
import { choicesFor } from './choices.ts';
import { kindOf, listOf } from './kinds.ts';
import { accept, advance } from './navigate.ts';
import { matchChoice } from './parse-answer.ts';
import { ask, question, reject } from './question.ts';
import { current, type Turn, token } from './run.ts';
import { type EngineTextKey, et } from './texts.ts';
import { DEFAULT_MAX_TEXT, SKIP_WORDS } from './vocabulary.ts';

/**
 * The typed form of an inbound message for the current question, or null when it was handled
 * here already (refused, a file for a photo step, a stale button).
 */
function typedInput(t: Turn, input: InboundContent): string | null {
  const { run, a } = t;
  const step = current(t);
  const loc = run.locale;
  switch (input.type) {
    case 'sticker':
      reject(t, et('err.sticker', loc));
      return null;
    case 'unsupported':
      reject(t, et('err.unsupported', loc));
      return null;
    case 'location':
      reject(t, et('err.media_not_text', loc, { kind: et('media.location', loc) }));
      return null;
    case 'contact':
      if (step.type === 'phone' && !a.pending) return input.phone;
      reject(t, et('err.media_not_text', loc, { kind: et('media.contact', loc) }));
      return null;
    case 'media': {
      const receive = kindOf(run.catalog.kinds, step).receive;
      if (receive && !a.pending) receive(t, step, input);
      else
        reject(t, et('err.media_not_text', loc, { kind: et(`media.${input.kind}` as EngineTextKey, loc) }));
      return null;
    }
    case 'choice':
      if (input.token && input.token !== token(t)) {
        run.out.push({ text: `⚠️ ${et('err.stale_button', loc)}` });
        ask(t);
        return null;
      }
      return input.value;
    case 'text':
      return input.text;
  }
}

/**
 * What a typed answer picks among the options the current question shows (its number or its
 * text, as the README promises wherever options are shown), or null when it picks none.
 */
function shownPick(t: Turn, input: InboundContent, typed: string): string | null {
  if (input.type === 'choice') return input.value;
  // A paged list reads its own numbers (of the page last shown) and texts (a search): its page
  // is loaded only when the message shows it (FlowEngine.wants), see answerList.
  if (listOf(t.run.catalog.kinds, current(t))?.paged && !t.a.pending) return null;
  const shown = question(t).choices ?? [];
  return shown.length > 0 ? (matchChoice(typed, shown)?.value ?? null) : null;
}

/** Applies an inbound message to the current question (not a command: those are handled first). */
export function answer(t: Turn, input: InboundContent) {
  const typed = typedInput(t, input);
  if (typed === null) return;
  const { run, a } = t;
  const step = current(t);
  const kind = kindOf(run.catalog.kinds, step);
  const loc = run.locale;
  if (typed.trim() === '') return reject(t, et('err.empty', loc));
  const max = step.type === 'text' ? (step.max_length ?? DEFAULT_MAX_TEXT) : DEFAULT_MAX_TEXT;
  if (typed.trim().length > max) {
    return reject(t, et('err.too_long', loc, { length: typed.trim().length, max }));
  }
  const picked = shownPick(t, input, typed);
  if (a.pending) return answerPending(t, a.pending, picked ?? typed);
  const reply = { typed, picked, isChoice: input.type === 'choice' };
  if (kind.answer && kind.beforeSkip) return kind.answer(t, step, reply);
  if (!step.required && SKIP_WORDS.has(typed.trim().toLowerCase())) {
    a.answers[step.name] = null;
    return advance(t);
  }
  if (listOf(run.catalog.kinds, step)?.paged) return answerList(t, step, typed, reply.isChoice);
  if (kind.answer) return kind.answer(t, step, reply);
  if (picked !== null && kind.pick) {
    const found = choicesFor(t, step).find((c) => c.value === picked);
    if (found) return accept(t, step, kind.pick(found.value));
  }
  const parsed = kind.parse
    ? kind.parse(t, step, typed)
    : { ok: false as const, error: et('err.unsupported', loc) };
  if (!parsed.ok) return reject(t, parsed.error);
  accept(t, step, parsed.value);
}

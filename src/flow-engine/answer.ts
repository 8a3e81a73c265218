import type { InboundContent } from '../core/messages.ts';
import { answerList } from './answer-list.ts';
import { answerMedia } from './answer-media.ts';
import { answerRegion } from './answer-region.ts';
import { answerPending, answerSummary } from './answer-summary.ts';
import type { AnswerValue } from './api.ts';
import { choicesFor, criteriaOf } from './choices.ts';
import type { CompiledStep } from './load.ts';
import { accept, advance } from './navigate.ts';
import {
  matchChoice,
  type Parsed,
  parseDate,
  parseDecimal,
  parseInteger,
  parsePhone,
  parseSelectMany,
  parseSelectOne,
} from './parse-answer.ts';
import { ask, question, reject } from './question.ts';
import { current, local, type Turn, token } from './run.ts';
import { type EngineTextKey, et } from './texts.ts';
import { DEFAULT_MAX_TEXT, SKIP_WORDS } from './vocabulary.ts';

function parseTyped(t: Turn, step: CompiledStep, input: string): Parsed<AnswerValue> {
  const loc = t.run.locale;
  switch (step.type) {
    case 'text': {
      const s = step.compact ? input.replace(/[\s.-]/g, '') : input.trim();
      if (step.min_length !== undefined && s.length < step.min_length)
        return { ok: false, error: et('err.too_short', loc, { length: s.length, min: step.min_length }) };
      return { ok: true, value: s };
    }
    case 'integer':
      return parseInteger(input, loc, step.min, step.max);
    case 'decimal':
      return parseDecimal(input, loc, step.min, step.max);
    case 'phone':
      return parsePhone(input, loc);
    case 'date':
      return parseDate(input, loc);
    case 'select_one':
      return parseSelectOne(input, choicesFor(t, step), loc);
    case 'select_many':
      return parseSelectMany(input, choicesFor(t, step), loc, step.min, step.max);
    default:
      return { ok: false, error: et('err.unsupported', loc) };
  }
}

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
    case 'media':
      if ((step.type === 'photo' || step.type === 'document') && !a.pending) answerMedia(t, step, input);
      else
        reject(t, et('err.media_not_text', loc, { kind: et(`media.${input.kind}` as EngineTextKey, loc) }));
      return null;
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
  if (current(t).choices_from === 'juror_nominees' && !t.a.pending) return null;
  const shown = question(t).choices ?? [];
  return shown.length > 0 ? (matchChoice(typed, shown)?.value ?? null) : null;
}

/** Applies an inbound message to the current question (not a command: those are handled first). */
export function answer(t: Turn, input: InboundContent) {
  const typed = typedInput(t, input);
  if (typed === null) return;
  const { run, a } = t;
  const step = current(t);
  const loc = run.locale;
  if (typed.trim() === '') return reject(t, et('err.empty', loc));
  const max = step.type === 'text' ? (step.max_length ?? DEFAULT_MAX_TEXT) : DEFAULT_MAX_TEXT;
  if (typed.trim().length > max) {
    return reject(t, et('err.too_long', loc, { length: typed.trim().length, max }));
  }
  const picked = shownPick(t, input, typed);
  if (a.pending) return answerPending(t, a.pending, picked ?? typed);
  if (step.type === 'photo' || step.type === 'document') {
    return answerMedia(t, step, { type: 'text', text: picked === null ? typed : 'selesai' });
  }
  if (step.type === 'summary') return answerSummary(t, picked ?? typed);
  if (!step.required && SKIP_WORDS.has(typed.trim().toLowerCase())) {
    a.answers[step.name] = null;
    return advance(t);
  }
  if (step.type === 'region') return answerRegion(t, step, typed);
  if (step.choices_from === 'juror_nominees') return answerList(t, step, typed, input.type === 'choice');
  if (step.type === 'scores') {
    const c = criteriaOf(t, step)[a.sub]!;
    const n = parseInteger(typed, loc, c.min, c.max);
    const range = { label: local(run, c.label), min: c.min, max: c.max };
    if (!n.ok) return reject(t, et('scores.range', loc, range));
    a.answers[`${step.name}.${c.code}`] = n.value;
    return advance(t);
  }
  if (picked !== null && (step.type === 'select_one' || step.type === 'select_many')) {
    const found = choicesFor(t, step).find((c) => c.value === picked);
    if (found) return accept(t, step, step.type === 'select_many' ? [found.value] : found.value);
  }
  const parsed = parseTyped(t, step, typed);
  if (!parsed.ok) return reject(t, parsed.error);
  accept(t, step, parsed.value);
}

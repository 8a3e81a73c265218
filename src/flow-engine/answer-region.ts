import type { OutboundMessage } from '../channels/core/messages.ts';
import { matchRegionName, suggestRegionNames } from '../domain/region-match.ts';
import { choicesFor } from './choices.ts';
import type { CompiledStep } from './load.ts';
import { accept } from './navigate.ts';
import { ask, reject } from './question.ts';
import { type Pending, type Run, token } from './run.ts';
import { et } from './texts.ts';

type RegionPending = Extract<Pending, { kind: 'region' }>;

/** "Kecamatan" / "Desa/kelurahan" in the run's language. */
function levelOf(run: Run, step: CompiledStep): string {
  return et(step.choices_from === 'desa' ? 'region.level.desa' : 'region.level.kecamatan', run.locale);
}

/** " di Kecamatan Jaro" / " di Kabupaten Tabalong": where the name was looked for, or '' if unknown. */
function where(run: Run, step: CompiledStep): string {
  let place = '';
  if (step.choices_from === 'kecamatan') place = run.ctx.person?.regionName ?? '';
  else {
    const of = run.flow!.steps.find((s) => s.name === step.of);
    const code = run.a!.answers[step.of ?? ''];
    const kecamatan = of ? choicesFor(run, of).find((c) => c.value === code)?.label : undefined;
    if (kecamatan) place = et('region.kecamatan_named', run.locale, { name: kecamatan });
  }
  return place ? et('region.where', run.locale, { place }) : '';
}

/**
 * The pick list of a pending region answer, as a question: "several match" when the typed name
 * matches several names, else (the names are typo suggestions for a name that matched nothing)
 * "not found, did you mean". Also what repeats the list after help, a sticker or a stale button.
 */
export function regionPickQuestion(run: Run, step: CompiledStep, pending: RegionPending): OutboundMessage {
  const candidates = choicesFor(run, step).map((c) => ({ code: c.value, name: c.label }));
  if (matchRegionName(pending.input, candidates).length > 1) {
    return {
      text: et('region.several', run.locale, { input: pending.input }),
      choices: pending.matches,
      token: token(run),
    };
  }
  const vars = { level: levelOf(run, step), input: pending.input, where: where(run, step) };
  return {
    text: `⚠️ ${et('err.region_suggest', run.locale, vars)}`,
    choices: pending.matches,
    token: token(run),
  };
}

/** A number typed at a pick list that has no such line: says so, then shows the same list again. */
function refusePick(run: Run, step: CompiledStep, pending: RegionPending, input: string) {
  const count = pending.matches.length;
  run.out.push({
    text: `⚠️ ${et(count === 1 ? 'err.choice_single' : 'err.choice', run.locale, { input, count })}`,
  });
  run.out.push(regionPickQuestion(run, step, pending));
}

/**
 * A typed kecamatan / desa name: one match is the answer, several become a pick list (a new
 * question with its own buttons), none is refused — with the names a few typos away as a pick list
 * when there are any, else with how to find the name.
 */
export function answerRegion(run: Run, step: CompiledStep, typed: string) {
  const a = run.a!;
  const input = typed.trim();
  const candidates = choicesFor(run, step).map((c) => ({ code: c.value, name: c.label }));
  const found = matchRegionName(input, candidates);
  if (found.length === 1) {
    a.pending = null;
    return accept(run, step, found[0]!.code);
  }
  if (found.length > 1) {
    a.seq += 1; // a new question (the matches) with its own buttons
    a.pending = {
      kind: 'region',
      input,
      matches: found.slice(0, 12).map((c) => ({ value: c.code, label: c.name })),
    };
    return ask(run);
  }
  const pending = a.pending?.kind === 'region' ? a.pending : null;
  if (pending && /^\d+$/.test(input)) return refusePick(run, step, pending, input);
  const suggestions = suggestRegionNames(input, candidates, 5);
  if (suggestions.length > 0) {
    a.seq += 1; // a new question (the suggestions) with its own buttons
    a.pending = {
      kind: 'region',
      input,
      matches: suggestions.map((c) => ({ value: c.code, label: c.name })),
    };
    return void run.out.push(regionPickQuestion(run, step, a.pending));
  }
  if (pending) {
    a.pending = null; // a new name that matches nothing: back to the question itself
    a.seq += 1;
  }
  const vars = { level: levelOf(run, step), input, where: where(run, step) };
  reject(run, et('err.region_none_plain', run.locale, vars));
}

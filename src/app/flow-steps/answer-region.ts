import { matchRegionName, suggestRegionNames } from '../../domain/region-match.ts';
import { choicesFor } from '../../flow-engine/choices.ts';
import { accept } from '../../flow-engine/navigate.ts';
import { ask, reject } from '../../flow-engine/question.ts';
import type { Turn } from '../../flow-engine/run.ts';
import type { CompiledStep } from '../../flow-engine/schema.ts';
import { et } from '../../flow-engine/texts.ts';
import { levelOf, type RegionPending, regionPickQuestion, where } from './region-pick.ts';
import { st } from './texts.ts';

/** A number typed at a pick list that has no such line: says so, then shows the same list again. */
function refusePick(t: Turn, step: CompiledStep, pending: RegionPending, input: string) {
  const run = t.run;
  const count = pending.matches.length;
  run.out.push({
    text: `⚠️ ${et(count === 1 ? 'err.choice_single' : 'err.choice', run.locale, { input, count })}`,
  });
  run.out.push(regionPickQuestion(t, step, pending));
}

/**
 * A typed kecamatan / desa name: one match is the answer, several become a pick list (a new
 * question with its own buttons), none is refused — with the names a few typos away as a pick list
 * when there are any, else with how to find the name.
 */
export function answerRegion(t: Turn, step: CompiledStep, typed: string) {
  const run = t.run;
  const a = t.a;
  const input = typed.trim();
  const candidates = choicesFor(t, step).map((c) => ({ code: c.value, name: c.label }));
  const found = matchRegionName(input, candidates);
  if (found.length === 1) {
    a.pending = null;
    return accept(t, step, found[0]!.code);
  }
  if (found.length > 1) {
    a.seq += 1; // a new question (the matches) with its own buttons
    a.pending = {
      kind: 'region',
      input,
      matches: found.slice(0, 12).map((c) => ({ value: c.code, label: c.name })),
    };
    return ask(t);
  }
  const pending = a.pending?.kind === 'region' ? a.pending : null;
  if (pending && /^\d+$/.test(input)) return refusePick(t, step, pending, input);
  const suggestions = suggestRegionNames(input, candidates, 5);
  if (suggestions.length > 0) {
    a.seq += 1; // a new question (the suggestions) with its own buttons
    a.pending = {
      kind: 'region',
      input,
      matches: suggestions.map((c) => ({ value: c.code, label: c.name })),
    };
    return void run.out.push(regionPickQuestion(t, step, a.pending));
  }
  if (pending) {
    a.pending = null; // a new name that matches nothing: back to the question itself
    a.seq += 1;
  }
  const vars = { level: levelOf(run, step), input, where: where(t, step) };
  reject(t, st('err.region_none_plain', run.locale, vars));
}

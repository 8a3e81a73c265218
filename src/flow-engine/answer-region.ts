import { matchRegionName } from '../domain/region-match.ts';
import { choicesFor } from './choices.ts';
import type { CompiledStep } from './load.ts';
import { accept } from './navigate.ts';
import { similarity } from './parse-answer.ts';
import { ask, reject } from './question.ts';
import type { Run } from './run.ts';
import { et } from './texts.ts';

/**
 * A typed kecamatan / desa name: one match is the answer, several become a pick list (a new
 * question with its own buttons), none is refused with the closest names as suggestions.
 */
export function answerRegion(run: Run, step: CompiledStep, input: string) {
  const a = run.a!;
  const candidates = choicesFor(run, step).map((c) => ({ code: c.value, name: c.label }));
  const level = et(step.choices_from === 'desa' ? 'region.level.desa' : 'region.level.kecamatan', run.locale);
  const found = matchRegionName(input, candidates);
  if (found.length === 1) return accept(run, step, found[0]!.code);
  if (found.length > 1) {
    a.seq += 1; // a new question (the matches) with its own buttons
    a.pending = {
      kind: 'region',
      input: input.trim(),
      matches: found.slice(0, 12).map((c) => ({ value: c.code, label: c.name })),
    };
    return ask(run);
  }
  const suggestions = candidates
    .map((c) => ({ c, s: similarity(input, c.name) }))
    .filter((x) => x.s > 0.2)
    .sort((x, y) => y.s - x.s || x.c.name.localeCompare(y.c.name))
    .slice(0, 3)
    .map((x) => x.c.name);
  const vars = { level, input: input.trim(), suggestions: suggestions.join(', ') };
  reject(run, et(suggestions.length ? 'err.region_none' : 'err.region_none_plain', run.locale, vars));
}

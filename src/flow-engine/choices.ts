import type { Choice } from '../channels/core/messages.ts';
import type { CategoryView, NominationView } from './api.ts';
import type { CompiledStep } from './load.ts';
import { category, categoryName, label, local, type Run } from './run.ts';
import { et } from './texts.ts';

function nominationsFor(run: Run, list: 'my_nominations' | 'juror_nominees'): NominationView[] {
  return list === 'my_nominations' ? run.ctx.lists.myNominations : run.ctx.lists.jurorNominees;
}

function nominationLabel(run: Run, n: NominationView): string {
  const scored = n.scored
    ? ` ${et('list.scored', run.locale)}`
    : n.recused
      ? ` ${et('list.recused', run.locale)}`
      : '';
  return `${n.number} — ${n.nomineeName} (${n.regionName}, ${categoryName(run, n.categoryCode)})${scored}`;
}

/** Choices of a step. `forDisplay` includes options no longer offered (scored nominees). */
export function choicesFor(run: Run, step: CompiledStep, forDisplay = false): Choice[] {
  if (step.choices) return step.choices.map((c) => ({ value: c.value, label: label(c.label, run.locale) }));
  const answers = run.a?.answers ?? {};
  switch (step.choices_from) {
    case 'categories':
      return (run.ctx.seleksi?.categories ?? []).map((c) => ({ value: c.code, label: local(run, c.name) }));
    case 'kecamatan':
      return run.ctx.lists.kecamatan;
    case 'desa': {
      const kec = answers[step.of ?? ''];
      return typeof kec === 'string' ? run.ctx.lists.desaOf(kec) : [];
    }
    case 'my_nominations': {
      const own = run.ctx.lists.myNominations.map((n) => ({ value: n.id, label: nominationLabel(run, n) }));
      return [{ value: 'new', label: et('list.new_nomination', run.locale) }, ...own];
    }
    case 'juror_nominees':
      return run.ctx.lists.jurorNominees
        .filter((n) => forDisplay || (!n.scored && !n.recused))
        .map((n) => ({ value: n.id, label: nominationLabel(run, n) }));
    default:
      return [];
  }
}

/** The nomination chosen in the step named `stepName` (a list of nominations). */
export function chosenNomination(run: Run, stepName: string | undefined): NominationView | undefined {
  const flow = run.flow!;
  const src = flow.steps.find((s) => s.name === stepName);
  if (!src || (src.choices_from !== 'my_nominations' && src.choices_from !== 'juror_nominees'))
    return undefined;
  const id = run.a?.answers[src.name];
  return nominationsFor(run, src.choices_from).find((n) => n.id === id);
}

/** Criteria of the nominee chosen in the step `of` names. */
export function criteriaOf(run: Run, step: CompiledStep): CategoryView['criteria'] {
  const nomination = chosenNomination(run, step.of);
  return category(run.ctx, nomination?.categoryCode)?.criteria ?? [];
}

import type { Choice } from '../core/messages.ts';
import type { NominationView } from './api.ts';
import { chosenNominee, loadedNominees, nomineeLabel, pageChoices } from './paged-list.ts';
import { label, local, type Turn } from './run.ts';
import type { CompiledStep } from './schema.ts';
import { et } from './texts.ts';

/** Choices of a step. `forDisplay`: to name an answer (the nominees loaded, no page needed). */
export function choicesFor(t: Turn, step: CompiledStep, forDisplay = false): Choice[] {
  const run = t.run;
  if (step.choices) return step.choices.map((c) => ({ value: c.value, label: label(c.label, run.locale) }));
  const answers = t.a.answers;
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
      const own = run.ctx.lists.myNominations.map((n) => ({ value: n.id, label: nomineeLabel(run, n) }));
      return [{ value: 'new', label: et('list.new_nomination', run.locale) }, ...own];
    }
    case 'juror_nominees':
      return forDisplay
        ? loadedNominees(run).map((n) => ({ value: n.id, label: nomineeLabel(run, n) }))
        : pageChoices(run);
    default:
      return [];
  }
}

/** The nomination chosen in the step named `stepName` (a list of nominations). */
export function chosenNomination(t: Turn, stepName: string | undefined): NominationView | undefined {
  const run = t.run;
  const flow = t.flow;
  const src = flow.steps.find((s) => s.name === stepName);
  if (!src || (src.choices_from !== 'my_nominations' && src.choices_from !== 'juror_nominees'))
    return undefined;
  const id = t.a.answers[src.name];
  if (typeof id !== 'string') return undefined;
  if (src.choices_from === 'juror_nominees') return chosenNominee(run, id) ?? undefined;
  return run.ctx.lists.myNominations.find((n) => n.id === id);
}

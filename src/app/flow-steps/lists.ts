/**
 * The lists `choices_from` may name, computed by the app into the context: the seleksi's
 * categories, the officer's kecamatan and a kecamatan's desa, the officer's own nominations and the
 * juror's nominees (a paged list).
 */
import type { ChoiceList, StepPlace } from '../../flow-engine/kinds.ts';
import { enterFrom } from '../../flow-engine/navigate.ts';
import { chosenItem, loadedChoices, pageChoices } from '../../flow-engine/paged-list.ts';
import { local, type Run, type Turn } from '../../flow-engine/run.ts';
import type { StepDef } from '../../flow-engine/schema.ts';
import { JUROR_NOMINEES, type NominationView, seleksiOf } from './context.ts';
import { nomineeLabel } from './nominee-items.ts';
import { fieldsOf } from './step-fields.ts';
import { st, stBoth } from './texts.ts';

const categories: ChoiceList = {
  name: 'categories',
  choices: (t) =>
    (seleksiOf(t.run.ctx).seleksi?.categories ?? []).map((c) => ({
      value: c.code,
      label: local(t.run, c.name),
    })),
};

const kecamatan: ChoiceList = { name: 'kecamatan', choices: (t) => seleksiOf(t.run.ctx).lists.kecamatan };

/** The desa of the kecamatan answered at the step `of` names. */
const desa: ChoiceList = {
  name: 'desa',
  validate(step, { flow, index, at }) {
    const of = fieldsOf(step).of;
    const target = flow.steps.slice(0, index).find((s) => s.name === of);
    if (!of) return [`${at}: needs 'of' (the earlier step it depends on)`];
    if (!target) return [`${at}: 'of' refers to '${of}', which is not an earlier step`];
    if (target.choices_from !== 'kecamatan') return [`${at}: 'of' must name a kecamatan step`];
    return [];
  },
  choices(t, step) {
    const kec = t.a.answers[fieldsOf(step).of ?? ''];
    return typeof kec === 'string' ? seleksiOf(t.run.ctx).lists.desaOf(kec) : [];
  },
};

/** A list of nominations feeds one choice only. */
function selectOneOnly(step: StepDef, { at }: StepPlace): string[] {
  return step.type !== 'select_one' ? [`${at}: ${step.choices_from} can only feed a select_one`] : [];
}

/**
 * The officer's own nominations (and "new"). Choosing one loads its answers and goes to the
 * summary, so editing is: pick one, change answers, submit.
 */
const myNominations: ChoiceList = {
  name: 'my_nominations',
  validate: selectOneOnly,
  choices(t) {
    const own = seleksiOf(t.run.ctx).lists.myNominations.map((n) => ({
      value: n.id,
      label: nomineeLabel(t.run, n),
    }));
    return [{ value: 'new', label: st('list.new_nomination', t.run.locale) }, ...own];
  },
  chosen(t, step, value) {
    const a = t.a;
    if (value === 'new') {
      if (a.editing) {
        // Back from editing an existing nomination to a new one: start from empty answers.
        a.answers = { [step.name]: value };
        a.review = false;
        a.editing = null;
      }
      return false;
    }
    const n = seleksiOf(t.run.ctx).lists.myNominations.find((x) => x.id === value);
    if (!n) return false;
    a.answers = { ...(n.answers as Record<string, unknown>), [step.name]: value };
    a.editing = n.id;
    a.review = true;
    enterFrom(t, a.pos < 0 ? t.flow.steps.indexOf(step) + 1 : a.pos + 1);
    return true;
  },
};

/** The juror's nominees, a page at a time (never of their own kabupaten/kota). */
const jurorNominees: ChoiceList = {
  name: JUROR_NOMINEES,
  paged: true,
  texts: {
    'list.page': stBoth('juror.page'),
    'list.search': stBoth('juror.search'),
    'list.hint': stBoth('juror.hint'),
    'list.no_match': stBoth('juror.no_match'),
    'list.not_available': stBoth('juror.not_available'),
  },
  validate: selectOneOnly,
  choices: (t, _step, forDisplay) =>
    forDisplay ? loadedChoices(t.run, JUROR_NOMINEES) : pageChoices(t.run, JUROR_NOMINEES),
};

/** In the order `unknown choices_from list` names them. */
export const CHOICE_LISTS: readonly ChoiceList[] = [
  categories,
  kecamatan,
  desa,
  myNominations,
  jurorNominees,
];

/** The nomination chosen in the step named `stepName` (a list of nominations). */
export function chosenNomination(t: Turn, stepName: string | undefined): NominationView | undefined {
  const src = t.flow.steps.find((s) => s.name === stepName);
  if (!src || (src.choices_from !== 'my_nominations' && src.choices_from !== JUROR_NOMINEES))
    return undefined;
  const id = t.a.answers[src.name];
  if (typeof id !== 'string') return undefined;
  if (src.choices_from === JUROR_NOMINEES) return chosenNominee(t.run, id) ?? undefined;
  return seleksiOf(t.run.ctx).lists.myNominations.find((n) => n.id === id);
}

/** The juror's nominee with this id (null: not on their list; throws NeedLists when not loaded). */
export function chosenNominee(run: Run, id: string): NominationView | null {
  chosenItem(run, JUROR_NOMINEES, id);
  return seleksiOf(run.ctx).lists.jurorChosen?.nominee ?? null;
}

/**
 * Nominations as list lines, and a juror's nominees as the items of the paged list
 * `juror_nominees` (labels, refusals and confirmations in both languages, so `bahasa` in the
 * middle of a list shows them in the new language at once).
 */
import type {
  FlowContext,
  ListItem,
  ListPage,
  LoadedList,
  Locale,
  NominationView,
  NomineePage,
} from '../../flow-engine/api.ts';
import type { Run } from '../../flow-engine/run.ts';
import { st, stBoth } from './texts.ts';

/** The paged list of a juror's nominees (`choices_from: juror_nominees`). */
export const JUROR_NOMINEES = 'juror_nominees';

/** Longest nominee name in a list line (the dossier shows it whole). */
const NAME_MAX = 60;

/** The category's name in `locale` (its code when the seleksi has no such category). */
function categoryNameIn(ctx: FlowContext, code: string, locale: Locale): string {
  const c = ctx.seleksi?.categories.find((x) => x.code === code);
  return c ? (locale === 'en' ? c.name.en : c.name.id) || c.name.id : code;
}

/** A nominee as a list line in `locale`: number, name, kabupaten/kota, category and what this juror did. */
export function nomineeLabelIn(ctx: FlowContext, n: NominationView, locale: Locale): string {
  const mark = n.scored
    ? ` ${st('list.scored', locale)}`
    : n.pending
      ? ` ${st('list.pending', locale)}`
      : n.recused
        ? ` ${st('list.recused', locale)}`
        : '';
  const cat = categoryNameIn(ctx, n.categoryCode, locale);
  const name = n.nomineeName.length > NAME_MAX ? `${n.nomineeName.slice(0, NAME_MAX - 1)}…` : n.nomineeName;
  return `${n.number} — ${name} (${n.regionName}, ${cat})${mark}`;
}

/** A nominee as a list line in the run's locale. */
export function nomineeLabel(run: Run, n: NominationView): string {
  return nomineeLabelIn(run.ctx, n, run.locale);
}

/** A juror's nominee as a paged list's item: recused ones are refused, scored or sent ones confirmed. */
function nomineeItem(ctx: FlowContext, n: NominationView): ListItem {
  const item: ListItem = {
    id: n.id,
    label: { id: nomineeLabelIn(ctx, n, 'id'), en: nomineeLabelIn(ctx, n, 'en') },
  };
  if (n.recused) item.refusal = stBoth('list.recused_already');
  else if (n.scored || n.pending) {
    // A sheet is stored or on its way: a new one replaces it.
    const key = n.pending && !n.scored ? 'list.replace_pending' : 'list.replace';
    item.confirm = {
      question: stBoth(key, { nominee: `${n.number} — ${n.nomineeName}` }),
      yes: stBoth('list.replace_yes'),
      no: stBoth('list.replace_no'),
    };
  }
  return item;
}

function nomineePage(ctx: FlowContext, p: NomineePage): ListPage {
  return {
    window: p.window,
    items: p.items.map((n) => nomineeItem(ctx, n)),
    matches: p.matches,
    ...(p.hiddenOwn > 0 ? { emptyNote: stBoth('list.own_region', { query: p.window.query ?? '' }) } : {}),
    // Recused nominees do not count.
    progress: stBoth('progress', { done: p.done, total: p.total }),
  };
}

/** The paged lists of a context, from the juror's page and chosen nominee the app loaded into it. */
export function pagedOf(ctx: FlowContext): Record<string, LoadedList> {
  const { jurorPage, jurorChosen } = ctx.lists;
  if (!jurorPage && !jurorChosen) return {};
  const nominee = jurorChosen?.nominee;
  const juror: LoadedList = {
    ...(jurorPage ? { page: nomineePage(ctx, jurorPage) } : {}),
    ...(jurorChosen
      ? { chosen: { id: jurorChosen.id, item: nominee ? nomineeItem(ctx, nominee) : null } }
      : {}),
  };
  return { [JUROR_NOMINEES]: juror };
}

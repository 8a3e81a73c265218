/**
 * Nominations as list lines, and the generic context fields the engine reads, derived from the
 * seleksi's data: the role, the refusals, the label variables, and a juror's nominees as the items
 * of a paged list (labels, refusals and confirmations in both languages, so `bahasa` in the middle
 * of a list shows them in the new language at once).
 */
import type { Bilingual } from '../../core/names.ts';
import type { ListItem, ListPage, LoadedList, Locale } from '../../flow-engine/api.ts';
import type { Run } from '../../flow-engine/run.ts';
import {
  categoryNameIn,
  JUROR_NOMINEES,
  type NominationView,
  type NomineePage,
  type SeleksiContext,
  type SeleksiData,
  seleksiOf,
} from './context.ts';
import { st, stBoth } from './texts.ts';

/** Longest nominee name in a list line (the dossier shows it whole). */
const NAME_MAX = 60;

/** A nominee as a list line in `locale`: number, name, kabupaten/kota, category and what this juror did. */
export function nomineeLabelIn(data: SeleksiData, n: NominationView, locale: Locale): string {
  const mark = n.scored
    ? ` ${st('list.scored', locale)}`
    : n.pending
      ? ` ${st('list.pending', locale)}`
      : n.recused
        ? ` ${st('list.recused', locale)}`
        : '';
  const cat = categoryNameIn(data, n.categoryCode, locale);
  const name = n.nomineeName.length > NAME_MAX ? `${n.nomineeName.slice(0, NAME_MAX - 1)}…` : n.nomineeName;
  return `${n.number} — ${name} (${n.regionName}, ${cat})${mark}`;
}

/** A nominee as a list line in the run's locale. */
export function nomineeLabel(run: Run, n: NominationView): string {
  return nomineeLabelIn(seleksiOf(run.ctx), n, run.locale);
}

/** A juror's nominee as a paged list's item: recused ones are refused, scored or sent ones confirmed. */
function nomineeItem(data: SeleksiData, n: NominationView): ListItem {
  const item: ListItem = {
    id: n.id,
    label: { id: nomineeLabelIn(data, n, 'id'), en: nomineeLabelIn(data, n, 'en') },
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

function nomineePage(data: SeleksiData, p: NomineePage): ListPage {
  return {
    window: p.window,
    items: p.items.map((n) => nomineeItem(data, n)),
    matches: p.matches,
    ...(p.hiddenOwn > 0 ? { emptyNote: stBoth('list.own_region', { query: p.window.query ?? '' }) } : {}),
    // Recused nominees do not count.
    progress: stBoth('progress', { done: p.done, total: p.total }),
  };
}

function jurorList(data: SeleksiData): LoadedList | undefined {
  const { jurorPage, jurorChosen } = data.lists;
  if (!jurorPage && !jurorChosen) return undefined;
  const nominee = jurorChosen?.nominee;
  return {
    ...(jurorPage ? { page: nomineePage(data, jurorPage) } : {}),
    ...(jurorChosen
      ? { chosen: { id: jurorChosen.id, item: nominee ? nomineeItem(data, nominee) : null } }
      : {}),
  };
}

/** The context of a message from what the app loaded: the engine's generic fields derived from `data`. */
export function seleksiContext(c: {
  locale: Locale;
  now: Date;
  status: Bilingual;
  data: SeleksiData;
}): SeleksiContext {
  const d = c.data;
  const juror = jurorList(d);
  return {
    locale: c.locale,
    now: c.now,
    status: c.status,
    data: d,
    role: d.person?.role ?? 'UNREGISTERED',
    refusals: { ...d.allowed },
    vars: {
      result: d.result ?? stBoth('result.none'),
      seleksi: d.seleksi?.name ?? '',
      name: d.person?.name ?? '',
      region: d.person?.regionName ?? '',
    },
    paged: juror ? { [JUROR_NOMINEES]: juror } : {},
  };
}

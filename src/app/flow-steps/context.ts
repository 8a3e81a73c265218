/**
 * The seleksi's part of a message's context: the engine's FlowContext is generic, and its `data`
 * holds what the seleksi's step types, lists and completion handlers read (categories with their
 * criteria, the person, the officer's nominations, a juror's page of nominees). The app builds it
 * (src/app/context.ts); `seleksiContext` derives the generic fields the engine reads from it.
 */
import type { Choice } from '../../core/messages.ts';
import type { Bilingual, PhaseName, RoleName } from '../../core/names.ts';
import type { CategoryRules } from '../../domain/definition/category-rules.ts';
import type { AnswerValue, BilingualText, FlowContext, ListWindow, Locale } from '../../flow-engine/api.ts';
import { local, type Run } from '../../flow-engine/run.ts';

/**
 * A category of the seleksi with its criteria, as flows need them. Names, labels and rubrics come
 * in both languages: they are shown in the chat's language at the moment they are asked, so
 * `bahasa` in the middle of a question shows them in the new language at once.
 */
export interface CategoryView {
  code: string;
  name: BilingualText;
  subjectType: 'PERSON' | 'ORGANISATION';
  criteria: {
    code: string;
    label: BilingualText;
    weight: number;
    min: number;
    max: number;
    rubric: BilingualText;
    /** Answer / attachment keys shown beside the rubric while scoring (the definition's `evidence`). */
    evidence?: string[];
  }[];
  /**
   * The definition's nomination settings of this category: its own questions, photos and documents,
   * eligibility rules. Absent: only the flow's common questions are asked.
   */
  rules?: CategoryRules;
}

/** A nomination as the flows show it (dossier summary for jurors, own list for officers). */
export interface NominationView {
  id: string;
  number: string;
  categoryCode: string;
  nomineeName: string;
  regionName: string;
  answers: Record<string, AnswerValue>;
  /** Juror view: already scored by this juror. */
  scored?: boolean;
  /** Juror view: this juror recused themself from this nominee. */
  recused?: boolean;
  /** Juror view: a score sheet for this nominee was sent and waits for the worker. */
  pending?: boolean;
  /** A promoted nominee's result at the level below ("Juara I tingkat Provinsi …, nilai 87,50"). */
  priorResult?: Bilingual;
}

/** One page of the juror's nominees (at most PAGE_SIZE items) for a window, with the counts around it. */
export interface NomineePage {
  window: ListWindow;
  /** Without a query: the open nominees (not scored, sent or recused); with one: every match, flagged. */
  items: NominationView[];
  /** How many nominees match the window (all pages). */
  matches: number;
  /** How many of the juror's categories' nominees match the query but are from their own kabupaten/kota. */
  hiddenOwn: number;
  /** Progress: nominees scored or sent, and the nominees to score (recused ones excluded). */
  done: number;
  total: number;
}

/** The paged list of a juror's nominees (`choices_from: juror_nominees`). */
export const JUROR_NOMINEES = 'juror_nominees';

/**
 * What the app loaded for this chat's flows: the person, the seleksi with the categories they may
 * act on, their permissions (decided in src/domain) and their lists.
 */
export interface SeleksiData {
  person: null | {
    id: string;
    name: string;
    role: RoleName;
    /** Officer: their kabupaten/kota; juror: home region. */
    regionCode: string | null;
    regionName: string | null;
  };
  seleksi: null | {
    id: string;
    code: string;
    name: string;
    phase: PhaseName;
    /** Categories this person may act on (officer: all; juror: assigned). */
    categories: CategoryView[];
  };
  /** Why an action is not possible now (null = allowed), decided by src/domain rules. */
  allowed: {
    nominate: null | Bilingual;
    score: null | Bilingual;
  };
  lists: {
    /** Kecamatan of the officer's kabupaten/kota: value = code. */
    kecamatan: Choice[];
    /** Desa/kelurahan per kecamatan code. */
    desaOf: (kecamatanCode: string) => Choice[];
    /** Officer's own nominations in this seleksi. */
    myNominations: NominationView[];
    /**
     * Juror: the page of their nominees (never of their own kabupaten) for the window the engine
     * asked for (FlowEngine.wants); undefined when not loaded for this message.
     */
    jurorPage?: NomineePage;
    /**
     * Juror: the nominee asked for (FlowEngine.wants) with its dossier; `nominee` null when it is not
     * on their list (withdrawn, another category, their own kabupaten). Undefined when not loaded.
     */
    jurorChosen?: { id: string; nominee: NominationView | null };
  };
  /** `hasil` answer: null before publication. */
  result: null | Bilingual;
}

/** A message's context as the app builds it: the engine's, with the seleksi's data. */
export type SeleksiContext = FlowContext<SeleksiData>;

/** The seleksi's data of a context the app built (the engine passes it through untouched). */
export function seleksiOf(ctx: FlowContext): SeleksiData {
  return ctx.data as SeleksiData;
}

/** The running seleksi's category with that code. */
export function category(ctx: FlowContext, code: unknown): CategoryView | undefined {
  return seleksiOf(ctx).seleksi?.categories.find((c) => c.code === code);
}

/** The category's name in `locale` (its code when the seleksi has no such category). */
export function categoryNameIn(data: SeleksiData, code: string, locale: Locale): string {
  const c = data.seleksi?.categories.find((x) => x.code === code);
  return c ? (locale === 'en' ? c.name.en : c.name.id) || c.name.id : code;
}

/** The category's name in the run's locale (its code when the seleksi has no such category). */
export function categoryName(run: Run, code: string): string {
  const c = category(run.ctx, code);
  return c ? local(run, c.name) : code;
}

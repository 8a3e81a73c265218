/**
 * The contract between the pure flow engine and the app (src/app). The engine never sends or
 * stores: given the chat's state, one inbound message and a context snapshot the app loaded, it
 * returns the new state, the messages to send and the effects for the app to carry out.
 * (STYLE.md practice 1; nyaruka/goflow's "sprint".)
 *
 * This file may grow additively; both sides code against it.
 */
import type { Choice, InboundContent, OutboundMessage } from '../core/messages.ts';
import type { Bilingual, ChannelName, PhaseName, RoleName } from '../core/names.ts';
import type { CategoryRules } from '../domain/definition/category-rules.ts';

export type Locale = 'id' | 'en';

/** One file of a photo / document answer (the platform reference, plus what the channel told). */
export type MediaAnswer = {
  kind: string;
  fileRef: string;
  mimeType?: string;
  fileName?: string;
  caption?: string;
  localPath?: string;
};

/** JSON-serialisable answer values. Media answers keep the platform reference. */
export type AnswerValue =
  | string
  | number
  | boolean
  | string[]
  | {
      media: MediaAnswer[];
    }
  | null;

/** A text in both languages (English falls back to Indonesian where none was given). */
export interface BilingualText {
  id: string;
  en: string;
}

/**
 * A category of the seleksi with its criteria, as flows need them. Names, labels and rubrics come
 * in both languages: the engine shows them in the chat's language at the moment it asks, so
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

/** A window of a long list: what was typed to narrow it (null: the open items) and where the page starts. */
export interface ListWindow {
  query: string | null;
  offset: number;
}

/**
 * What a message may read of one paged list (see FlowEngine.wants): the window to load (null: the
 * message shows no page of it) and the item whose details to load (null: none chosen).
 */
export interface ListWant {
  window: ListWindow | null;
  chosen: string | null;
}

/** What a message may read of the paged lists the app loads per message, by list name (`choices_from`). */
export type ListWants = Record<string, ListWant>;

/** A question to confirm before a picked item is taken (a sheet already sent for it is replaced). */
export interface ListConfirm {
  question: BilingualText;
  yes: BilingualText;
  no: BilingualText;
}

/** One item of a paged list as the app supplies it: its id (the answer) and its line, in both languages. */
export interface ListItem {
  id: string;
  label: BilingualText;
  /** Why it may not be picked (said instead of taking it). */
  refusal?: BilingualText;
  /** Asked first when it is picked. */
  confirm?: ListConfirm;
}

/** One page of a paged list (at most PAGE_SIZE items) for a window. */
export interface ListPage {
  window: ListWindow;
  items: ListItem[];
  /** How many items match the window (all pages). */
  matches: number;
  /** Said when a search matches nothing on the list, instead of the engine's "no match". */
  emptyNote?: BilingualText;
  /** The `{progress}` of labels shown with this list. */
  progress?: BilingualText;
}

/** What the app loaded of one paged list for this message (see FlowEngine.wants). */
export interface LoadedList {
  /** The page of the window asked for; undefined when not loaded for this message. */
  page?: ListPage;
  /** The item asked for; `item` null when it is not on the list. Undefined when not loaded. */
  chosen?: { id: string; item: ListItem | null };
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

/**
 * What the app loaded for this chat before calling the engine. Everything a flow may show or
 * choose from is here, so the engine stays pure. Permission and phase checks are decided in the
 * domain by the app and passed as `allowed`.
 */
export interface FlowContext {
  locale: Locale;
  now: Date;
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
  /**
   * Why an action is not possible now (null = allowed), decided by src/domain rules; a flow's
   * `permission` names one (the registry lists them; a missing one is allowed).
   */
  allowed: Record<string, null | Bilingual | undefined> & {
    nominate: null | Bilingual;
    score: null | Bilingual;
  };
  /** Choice lists computed by the app (choices_from in flow files), keyed by list name. */
  lists: {
    /** Kecamatan of the officer's kabupaten/kota: value = code. */
    kecamatan: Choice[];
    /** Desa/kelurahan per kecamatan code. */
    desaOf: (kecamatanCode: string) => Choice[];
    /** Officer's own nominations in this seleksi. */
    myNominations: NominationView[];
    /**
     * Juror: the page of their nominees (never of their own kabupaten) for the window the engine
     * asked for (FlowEngine.wants); undefined when not loaded for this message. The engine reads it
     * as the items of `paged.juror_nominees`, which the app makes from it.
     */
    jurorPage?: NomineePage;
    /**
     * Juror: the nominee asked for (FlowEngine.wants) with its dossier; `nominee` null when it is not
     * on their list (withdrawn, another category, their own kabupaten). Undefined when not loaded.
     */
    jurorChosen?: { id: string; nominee: NominationView | null };
  };
  /** The paged lists loaded for this message (FlowEngine.wants), by list name. */
  paged: Record<string, LoadedList>;
  /** `status` command text pieces, already computed by the app. */
  status: Bilingual;
  /** `hasil` answer: null before publication. */
  result: null | Bilingual;
  /**
   * For `lanjut`: the person's flow left unfinished in a chat on another channel (the app loads it
   * only for that command). Absent or null when there is none.
   */
  draftElsewhere?: null | { channel: ChannelName; active: Record<string, unknown> };
}

/** Side effects for the app. */
export type Effect =
  /** Bind this chat to the invite with this code (the app answers with welcome or an error). */
  | { type: 'register'; code: string }
  | { type: 'set_locale'; locale: Locale }
  /**
   * Store in the outbox and enqueue; the worker confirms to the user once it is in Postgres. The
   * payload is the app's (its completion handlers make it; the app narrows it).
   */
  | { type: 'submit'; submission: unknown }
  /** The draft of ctx.draftElsewhere now runs here: the app ends it in the other chat. */
  | { type: 'continue_draft' };

/** Serialisable, versioned state of one chat (conversation_session.state). */
export interface SessionState {
  schemaVersion: 1;
  locale: Locale;
  /** Null when no flow is running. Shape owned by the engine; opaque to the app. */
  active: null | Record<string, unknown>;
}

export interface EngineResult {
  state: SessionState;
  outbox: OutboundMessage[];
  effects: Effect[];
  /**
   * Set when the engine recovered from an internal error (it ended the running flow and told the
   * user); the app should log it. Absent normally.
   */
  error?: string;
  /**
   * Set when the message needs lists the context did not hold (see FlowEngine.wants): nothing else
   * is set; the app loads them and calls handle again with the same state and input.
   */
  needs?: ListWants;
}

/** What the engine exposes (implemented in src/flow-engine/engine.ts). */
export interface FlowEngine {
  /** A fresh state for a new chat. */
  initialState(locale?: Locale): SessionState;
  /** Handles one inbound message (answers, commands such as nominasi/nilai/batal/kembali/bantuan). */
  handle(state: SessionState, input: InboundContent, ctx: FlowContext): EngineResult;
  /**
   * The list windows `handle` will read for this message (pure; the app loads them into the
   * context first, so a long list is never loaded whole).
   */
  wants(state: SessionState, input: InboundContent): ListWants;
}

/**
 * The contract between the pure flow engine and the app (src/app). The engine never sends or
 * stores: given the chat's state, one inbound message and a context snapshot the app loaded, it
 * returns the new state, the messages to send and the effects for the app to carry out.
 * (STYLE.md practice 1; nyaruka/goflow's "sprint".)
 *
 * The engine knows no domain: its context is generic (locale, time, a role, refusals by
 * permission, label variables, paged lists of id + label items, the `status` text, a draft in
 * another chat) plus `data`, the app's own, which only the step types, lists and handlers the app
 * registers (kinds.ts) read. A `submit` effect carries the app's payload untyped.
 *
 * This file may grow additively; both sides code against it.
 */
import type { InboundContent, OutboundMessage } from '../core/messages.ts';
import type { Bilingual, ChannelName, RoleName } from '../core/names.ts';

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

/** The role a flow's `roles` names: a person's role, or UNREGISTERED for a chat with no person. */
export type FlowRole = RoleName | 'UNREGISTERED';

/**
 * What the app loaded for this chat before calling the engine. The engine reads only the generic
 * part; `data` is the app's own, read by the step types, lists and handlers it registers
 * (kinds.ts), so the engine stays pure and knows no domain. Permission checks are decided by the
 * app and passed as `refusals`.
 */
export interface FlowContext<D = unknown> {
  locale: Locale;
  now: Date;
  /** The role flows' `roles` are matched against. */
  role: FlowRole;
  /** Why a flow with this `permission` may not start now, by permission (null: allowed). */
  refusals: Record<string, BilingualText | null>;
  /**
   * The `{name}` variables of flow labels, plain or in both languages; the menu greets the person
   * by `name` when it is not empty. `{progress}` comes from the running flow's paged list.
   */
  vars: Record<string, string | BilingualText>;
  /** The paged lists loaded for this message (FlowEngine.wants), by list name. */
  paged: Record<string, LoadedList>;
  /** `status` command text, already computed by the app. */
  status: Bilingual;
  /**
   * For `lanjut`: the person's flow left unfinished in a chat on another channel (the app loads it
   * only for that command). Absent or null when there is none.
   */
  draftElsewhere?: null | { channel: ChannelName; active: Record<string, unknown> };
  /** The app's own data; opaque to the engine. */
  data: D;
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
  /** Handles one inbound message (answers, built-in commands such as batal/kembali/bantuan, flows' commands). */
  handle(state: SessionState, input: InboundContent, ctx: FlowContext): EngineResult;
  /**
   * The list windows `handle` will read for this message (pure; the app loads them into the
   * context first, so a long list is never loaded whole).
   */
  wants(state: SessionState, input: InboundContent): ListWants;
}

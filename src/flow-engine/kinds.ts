/**
 * The registry of step types and completion handlers. The engine knows how to walk a flow, ask,
 * take answers and end it; what a step `type` asks and reads, and what an `on_complete.action`
 * does, comes from here. The engine registers its general-purpose types (steps/); the app registers
 * the domain's (src/app/flow-steps/) when it builds the registry it passes to loadFlows and
 * createFlowEngine.
 */
import type { z } from 'zod';
import type { Choice, InboundContent, OutboundFile, OutboundMessage } from '../core/messages.ts';
import type { AnswerValue, BilingualText, Effect, FlowContext, Locale } from './api.ts';
import type { ExprValue } from './expr.ts';
import type { Parsed } from './parse-answer.ts';
import type { CompiledFlow, CompiledStep, FlowDef, StepDef } from './schema.ts';
import type { ActiveState } from './state-schema.ts';
import { overrideProblems } from './text-overrides.ts';
import type { EngineTextKey } from './texts.ts';
import type { ListTextKey } from './texts-list.ts';

/** Where a step sits, for load-time checks: its flow, its index and how messages name it. */
export interface StepPlace {
  flow: FlowDef;
  index: number;
  /** `step 'name'`, the prefix of every problem. */
  at: string;
}

/** A message at a step, as the engine read it. */
export interface Reply {
  /** The text typed (or the value of the button pressed). */
  typed: string;
  /** The option of the question it picks (its number or text typed, or the button), else null. */
  picked: string | null;
  isChoice: boolean;
}

/** A file received at a step. */
export type FileInput = Extract<InboundContent, { type: 'media' }>;

/** One part of a step asked in parts (a scores step's criteria). */
export interface StepPart {
  key: string;
  label: string;
}

/** What one flow-file step `type` is: how it is checked, asked and answered. */
export interface StepKind {
  readonly type: string;
  /** Holds no answer of its own (notes, summaries, dossiers, steps asked in parts or made of others). */
  readonly noAnswer?: boolean;
  /** Takes `choices` / `choices_from`. */
  readonly choices?: boolean;
  /** Collects files (photo / document): a file sent is its answer, `selesai` ends it. */
  readonly files?: boolean;
  /**
   * The fields a step of this type takes beyond the common ones (schema.ts), as zod; a flow that
   * gives a field its step's type does not take is refused at load, naming the step and the field.
   */
  readonly fields?: z.ZodRawShape;
  /** The earlier step this one's answer depends on: when that answer changes, this one's is cleared. */
  dependsOn?(step: CompiledStep): string | undefined;
  /** Load-time problems of a step of this type beyond the schema, each starting with `place.at`. */
  validate?(step: StepDef, place: StepPlace): string[];
  /** Lines under the question naming the format asked for. */
  hints?(run: Run, step: CompiledStep): string[];
  /** The question as the user sees it; absent: its label, hints and choices. */
  ask?(t: Turn, step: CompiledStep, token: string): OutboundMessage;
  /** Reads a typed answer. */
  parse?(t: Turn, step: CompiledStep, typed: string): Parsed<AnswerValue>;
  /** The answer an option picked gives (select_one: the value, select_many: a list of it). */
  pick?(value: string): AnswerValue;
  /**
   * Takes a message itself instead of parse + accept. With `beforeSkip` it also sees the words
   * that skip an optional question (a file step and the summary read them their own way).
   */
  answer?(t: Turn, step: CompiledStep, reply: Reply): void;
  readonly beforeSkip?: boolean;
  /** Takes a file sent at this step. */
  receive?(t: Turn, step: CompiledStep, file: FileInput): void;
  /** Takes the answer to a pick list this step asked (its own `pending`). */
  pending?(t: Turn, step: CompiledStep, input: string): void;
  /** True when it cannot be answered now (nothing to choose from): the walk passes it. */
  unanswerable?(t: Turn, step: CompiledStep): boolean;
  /** Shown (not asked) when the walk passes it: the text. */
  show?(t: Turn, step: CompiledStep): string;
  /** Asked in parts, one question each (stored as `name.key`); empty: nothing to ask, skipped. */
  parts?(t: Turn, step: CompiledStep): StepPart[];
  /** The files of what the step shows (`lampiran`), or null when it shows none. */
  attachments?(t: Turn, step: CompiledStep): { number: string; files: OutboundFile[] } | null;
}

/** A list the app computes that `choices_from` names (from its data in the context, or a paged list). */
export interface ChoiceList {
  readonly name: string;
  /** Load-time problems of a step taking this list, each starting with `place.at`. */
  validate?(step: StepDef, place: StepPlace): string[];
  /** The options; `forDisplay`: to name an answer (a paged list gives the items loaded, no page needed). */
  choices(t: Turn, step: CompiledStep, forDisplay: boolean): Choice[];
  /** After an option was chosen (or chosen by itself): true when it moved the flow on itself. */
  chosen?(t: Turn, step: CompiledStep, value: string): boolean;
  /**
   * Too long to send or load whole: shown a page at a time (paged-list.ts), from the page and item
   * the app loaded into FlowContext.paged under this list's name; the engine reads its numbers,
   * page turns and searches.
   */
  readonly paged?: boolean;
  /** A paged list's own words for its pages, searches and picks (else the engine's), same {placeholders}. */
  readonly texts?: Partial<Record<ListTextKey, BilingualText>>;
}

/** A function the registry adds to the expression language (`relevant` / `constraint`). */
export interface ExprFunction {
  readonly name: string;
  readonly arity: number;
  /** Its value for these arguments, from the context and the answers `a` (null: none yet). */
  call(run: Run, a: ActiveState | null, args: ExprValue[]): ExprValue;
}

/** What one `on_complete.action` does when its flow ends. */
export interface CompletionHandler {
  readonly action: string;
  /** Its `on_complete` fields (`action` a literal of its name), strict; each other field names a step. */
  readonly schema: z.ZodObject<{ action: z.ZodLiteral<string> } & z.ZodRawShape>;
  /** The flow an unregistered chat is put through ends with this action. */
  readonly registers?: boolean;
  /** A refusal of an answer beyond the step's constraint (in the run's locale), else null. */
  checkAnswer?(t: Turn, step: CompiledStep, value: ExprValue): string | null;
  /** Why the flow may not end now (the summary says so and keeps the answers), else null. */
  refusal?(t: Turn): string | null;
  /** The effects of the flow's end. */
  complete(t: Turn): Effect[];
}

/** The registry loadFlows and createFlowEngine are given. */
export interface FlowKinds {
  readonly steps: ReadonlyMap<string, StepKind>;
  readonly completions: ReadonlyMap<string, CompletionHandler>;
  readonly lists: ReadonlyMap<string, ChoiceList>;
  readonly functions: ReadonlyMap<string, ExprFunction>;
  /** The names a flow's `permission` may take (FlowContext.refusals holds the app's decision for each). */
  readonly permissions: readonly string[];
  /** What a flow's command does, as the menu says it, by command (else the flow's title). */
  readonly commandLabels: Readonly<Record<string, BilingualText>>;
  /**
   * The app's words for engine texts that speak of what it is about (`lampiran`, an unregistered
   * chat), by text key, with the same {placeholders} (createKinds refuses others); else the engine's
   * plain ones (engineText).
   */
  readonly texts: Readonly<Partial<Record<EngineTextKey, BilingualText>>>;
  /** Load-time checks of every step (beyond each type's own `validate`). */
  readonly checks: readonly ((step: StepDef, place: StepPlace) => string[])[];
  /** The flow as a context asks it (steps made from data the context holds); default: as written. */
  readonly expand: (flow: CompiledFlow, ctx: FlowContext) => CompiledFlow;
}

/** The validated flows, indexed the ways the engine looks them up, and the registry they were loaded with. */
export interface FlowCatalog {
  flows: CompiledFlow[];
  kinds: FlowKinds;
  byId: Map<string, CompiledFlow>;
  byCommand: Map<string, CompiledFlow>;
  /** The flow an unregistered chat is put through (its on_complete handler registers). */
  registration: CompiledFlow | undefined;
}

/** One handle() call's working set: what it reads, what it says, and the flow running (if any). */
export interface Run {
  readonly catalog: FlowCatalog;
  locale: Locale;
  readonly ctx: FlowContext;
  readonly out: OutboundMessage[];
  readonly effects: Effect[];
  /** The running flow; null when the chat is idle (set by start / loadActive, cleared when a flow ends). */
  turn: Turn | null;
}

/**
 * The cursor of a running flow: the flow as this context asks it and its state. It exists only
 * while a flow runs, so nothing that takes one has to ask whether a flow is active.
 */
export interface Turn {
  readonly run: Run;
  readonly flow: CompiledFlow;
  readonly a: ActiveState;
}

/**
 * Builds a registry; a type or action given twice, or an own text (`texts`, a list's) whose
 * {placeholders} differ from the engine text it replaces, is a programming error.
 */
export function createKinds(parts: {
  steps: readonly StepKind[];
  completions: readonly CompletionHandler[];
  lists?: readonly ChoiceList[];
  functions?: readonly ExprFunction[];
  permissions?: readonly string[];
  commandLabels?: FlowKinds['commandLabels'];
  texts?: FlowKinds['texts'];
  checks?: FlowKinds['checks'];
  expand?: FlowKinds['expand'];
}): FlowKinds {
  const steps = new Map<string, StepKind>();
  for (const k of parts.steps) {
    if (steps.has(k.type)) throw new Error(`step type '${k.type}' registered twice`);
    steps.set(k.type, k);
  }
  const completions = new Map<string, CompletionHandler>();
  for (const h of parts.completions) {
    if (completions.has(h.action)) throw new Error(`on_complete action '${h.action}' registered twice`);
    completions.set(h.action, h);
  }
  const lists = new Map((parts.lists ?? []).map((l) => [l.name, l]));
  if (lists.size !== (parts.lists ?? []).length) throw new Error('a choices_from list registered twice');
  const problems = [
    ...overrideProblems('registry', parts.texts ?? {}),
    ...[...lists.values()].flatMap((l) => overrideProblems(`list '${l.name}'`, l.texts ?? {})),
  ];
  if (problems.length > 0) throw new Error(`texts with other placeholders: ${problems.join('; ')}`);
  return {
    steps,
    completions,
    lists,
    functions: new Map((parts.functions ?? []).map((f) => [f.name, f])),
    permissions: parts.permissions ?? [],
    commandLabels: parts.commandLabels ?? {},
    texts: parts.texts ?? {},
    checks: parts.checks ?? [],
    expand: parts.expand ?? ((flow) => flow),
  };
}

/** A step type with more fields (the app's on one of the engine's types), its `fields` merged. */
export function withFields(kind: StepKind, fields: z.ZodRawShape): StepKind {
  return { ...kind, fields: { ...kind.fields, ...fields } };
}

/** The kind of a step of a loaded flow (loadFlows refused unknown types). */
export function kindOf(kinds: FlowKinds, step: Pick<StepDef, 'type'>): StepKind {
  const kind = kinds.steps.get(step.type);
  if (!kind) throw new Error(`step type '${step.type}' is not registered`);
  return kind;
}

/** The list a step's `choices_from` names, if any (loadFlows refused unknown lists). */
export function listOf(kinds: FlowKinds, step: Pick<StepDef, 'choices_from'>): ChoiceList | undefined {
  return step.choices_from === undefined ? undefined : kinds.lists.get(step.choices_from);
}

/** The handler of a loaded flow's on_complete (loadFlows refused unknown actions). */
export function completionOf(kinds: FlowKinds, flow: Pick<CompiledFlow, 'on_complete'>): CompletionHandler {
  const handler = kinds.completions.get(flow.on_complete.action);
  if (!handler) throw new Error(`on_complete action '${flow.on_complete.action}' is not registered`);
  return handler;
}

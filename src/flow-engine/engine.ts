import { z } from 'zod';
import type { Choice, InboundContent, OutboundMessage } from '../channels/core/messages.ts';
import { matchRegionName } from '../domain/region-match.ts';
import type { SubmissionRequest } from '../domain/submission.ts';
import type {
  AnswerValue,
  CategoryView,
  Effect,
  EngineResult,
  FlowContext,
  FlowEngine,
  Locale,
  NominationView,
  SessionState,
} from './api.ts';
import { type ExprEnv, type ExprValue, evalExpr } from './expr.ts';
import type { CompiledFlow, CompiledStep } from './load.ts';
import {
  matchChoice,
  type Parsed,
  parseDate,
  parseDecimal,
  parseInteger,
  parsePhone,
  parseSelectMany,
  parseSelectOne,
  similarity,
} from './parse-answer.ts';
import type { Label } from './schema.ts';
import { type EngineTextKey, et, fill } from './texts.ts';

/** Default cap on typed text when a step sets no max_length. */
export const DEFAULT_MAX_TEXT = 1000;

const positionSchema = z.object({ pos: z.number().int(), sub: z.number().int().min(0) });

/** The engine-owned part of SessionState (`active`), parsed with zod on every message. */
export const activeStateSchema = z.object({
  flowId: z.string().min(1),
  flowVersion: z.number().int(),
  /** Index of the step being asked (-1 before the first question). */
  pos: z.number().int().min(-1),
  /** Scores step: index of the criterion being asked. */
  sub: z.number().int().min(0),
  answers: z.record(z.string(), z.unknown()),
  /** Questions asked before, for `kembali`. */
  history: z.array(positionSchema),
  /** Set once the summary was shown: answering then skips answered steps back to it. */
  review: z.boolean(),
  /** Bumped for every new question; part of the choice token (stale-button check). */
  seq: z.number().int().min(0),
  pending: z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('region'),
        input: z.string(),
        matches: z.array(z.object({ value: z.string(), label: z.string() })),
      }),
      z.object({ kind: z.literal('pick_edit') }),
    ])
    .nullable(),
  /** Editing an existing nomination (payload.nominationId). */
  nominationId: z.string().nullable(),
});
export type ActiveState = z.infer<typeof activeStateSchema>;

/** Zod schema of the whole session state, for the app to parse what it reads from Postgres. */
export const sessionStateSchema = z.object({
  schemaVersion: z.literal(1),
  locale: z.enum(['id', 'en']),
  active: z.record(z.string(), z.unknown()).nullable(),
});

/** Commands that work at every step, with their English aliases. */
const COMMAND_ALIASES: Record<string, string> = {
  batal: 'batal',
  cancel: 'batal',
  kembali: 'kembali',
  back: 'kembali',
  bantuan: 'bantuan',
  help: 'bantuan',
  bahasa: 'bahasa',
  language: 'bahasa',
  status: 'status',
  menu: 'menu',
  start: 'start',
  daftar: 'daftar',
};

const SKIP_WORDS = new Set(['-', 'lewati', 'skip']);
const DONE_WORDS = new Set(['selesai', 'done', 'sudah', 'finish']);
const SUBMIT_WORDS = new Set(['kirim', 'ya', 'yes', 'submit', 'ok', 'send']);
const EDIT_WORDS = new Set(['ubah', 'edit', 'change', 'ganti']);

type Role = 'UNREGISTERED' | 'OFFICER' | 'JUROR' | 'MEMBER' | 'ADMIN';
type Media = {
  kind: string;
  fileRef: string;
  mimeType?: string;
  fileName?: string;
  caption?: string;
  localPath?: string;
};
type Pending = NonNullable<ActiveState['pending']>;

/** One handle() call's working set. */
interface Run {
  locale: Locale;
  ctx: FlowContext;
  out: OutboundMessage[];
  effects: Effect[];
  flow: CompiledFlow | null;
  a: ActiveState | null;
}

function label(l: Label | undefined, locale: Locale): string {
  if (!l) return '';
  return locale === 'en' ? (l.en ?? l.id) : l.id;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function displayDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

function isMediaAnswer(v: unknown): v is { media: Media[] } {
  return typeof v === 'object' && v !== null && Array.isArray((v as { media?: unknown }).media);
}

/** Creates the engine over validated flows (see loadFlows). */
export function createFlowEngine(flows: CompiledFlow[]): FlowEngine {
  const byId = new Map(flows.map((f) => [f.id, f]));
  const byCommand = new Map(flows.filter((f) => f.command).map((f) => [f.command!.toLowerCase(), f]));
  const registration = flows.find(
    (f) => f.roles.includes('UNREGISTERED') && f.on_complete.action === 'register',
  );
  const nominationFlow = flows.find((f) => f.on_complete.action === 'nomination');

  // ---------- helpers over the context ----------

  function roleOf(ctx: FlowContext): Role {
    return ctx.person?.role ?? 'UNREGISTERED';
  }

  function category(ctx: FlowContext, code: unknown): CategoryView | undefined {
    return ctx.seleksi?.categories.find((c) => c.code === code);
  }

  function nominationsFor(run: Run, list: 'my_nominations' | 'juror_nominees'): NominationView[] {
    return list === 'my_nominations' ? run.ctx.lists.myNominations : run.ctx.lists.jurorNominees;
  }

  function nominationLabel(run: Run, n: NominationView): string {
    const scored = n.scored
      ? ` ${et('list.scored', run.locale)}`
      : n.recused
        ? ` ${et('list.recused', run.locale)}`
        : '';
    const cat = category(run.ctx, n.categoryCode)?.name ?? n.categoryCode;
    return `${n.number} — ${n.nomineeName} (${n.regionName}, ${cat})${scored}`;
  }

  /** Choices of a step. `forDisplay` includes options no longer offered (scored nominees). */
  function choicesFor(run: Run, step: CompiledStep, forDisplay = false): Choice[] {
    if (step.choices) return step.choices.map((c) => ({ value: c.value, label: label(c.label, run.locale) }));
    const answers = run.a?.answers ?? {};
    switch (step.choices_from) {
      case 'categories':
        return (run.ctx.seleksi?.categories ?? []).map((c) => ({ value: c.code, label: c.name }));
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

  function progressText(run: Run): string {
    // Nominees the juror recused from are not theirs to score, so they do not count.
    const all = run.ctx.lists.jurorNominees.filter((n) => !n.recused);
    return et('progress', run.locale, { done: all.filter((n) => n.scored).length, total: all.length });
  }

  function vars(run: Run): Record<string, string> {
    const ctx = run.ctx;
    return {
      progress: progressText(run),
      result: ctx.result ? ctx.result[run.locale] : et('result.none', run.locale),
      seleksi: ctx.seleksi?.name ?? '',
      name: ctx.person?.name ?? '',
      region: ctx.person?.regionName ?? '',
    };
  }

  function text(run: Run, l: Label | undefined): string {
    return fill(label(l, run.locale), vars(run));
  }

  function exprEnv(run: Run, self?: ExprValue): ExprEnv {
    const answers = run.a?.answers ?? {};
    return {
      answer: (name) => {
        const v = answers[name];
        if (v === undefined || isMediaAnswer(v))
          return isMediaAnswer(v) ? v.media.map((m) => m.fileRef) : null;
        return v as ExprValue;
      },
      self,
      today: isoDay(run.ctx.now),
      categoryType: (code) => category(run.ctx, code)?.subjectType ?? '',
      hasNomination: (code) =>
        run.ctx.lists.myNominations.some((n) => n.categoryCode === code && n.id !== run.a?.nominationId),
    };
  }

  function relevant(run: Run, step: CompiledStep): boolean {
    return step.relevantExpr ? evalExpr(step.relevantExpr, exprEnv(run)) === true : true;
  }

  /** Criteria of the nominee chosen in the step `of` names. */
  function criteriaOf(run: Run, step: CompiledStep): CategoryView['criteria'] {
    const nomination = chosenNomination(run, step.of);
    return category(run.ctx, nomination?.categoryCode)?.criteria ?? [];
  }

  function chosenNomination(run: Run, stepName: string | undefined): NominationView | undefined {
    const flow = run.flow!;
    const src = flow.steps.find((s) => s.name === stepName);
    if (!src || (src.choices_from !== 'my_nominations' && src.choices_from !== 'juror_nominees'))
      return undefined;
    const id = run.a?.answers[src.name];
    return nominationsFor(run, src.choices_from).find((n) => n.id === id);
  }

  function token(run: Run): string {
    return `${run.a!.flowId}:${run.a!.seq}`;
  }

  // ---------- rendering questions ----------

  function mediaWhat(run: Run, step: CompiledStep): string {
    return et(step.type === 'photo' ? 'media.photo' : 'media.document', run.locale);
  }

  function minMedia(step: CompiledStep): number {
    return step.min ?? (step.required ? 1 : 0);
  }

  function displayValue(run: Run, step: CompiledStep, value: unknown): string {
    if (value === undefined || value === null || value === '') return et('summary.empty_value', run.locale);
    if (isMediaAnswer(value)) {
      return et('media.count', run.locale, { count: value.media.length, what: mediaWhat(run, step) });
    }
    if (step.choices || step.choices_from) {
      const choices = choicesFor(run, step, true);
      const find = (v: string) => choices.find((c) => c.value === v)?.label ?? v;
      return Array.isArray(value) ? value.map((v) => find(String(v))).join(', ') : find(String(value));
    }
    if (step.type === 'date') return displayDate(String(value));
    return String(value);
  }

  function hints(run: Run, step: CompiledStep): string[] {
    const out: string[] = [];
    if (step.hint) out.push(text(run, step.hint));
    if (step.type === 'phone') out.push(et('hint.phone', run.locale));
    if (step.type === 'date') out.push(et('hint.date', run.locale));
    if (
      (step.type === 'integer' || step.type === 'decimal') &&
      step.min !== undefined &&
      step.max !== undefined
    )
      out.push(et('hint.range', run.locale, { min: step.min, max: step.max }));
    if (step.type === 'select_many') out.push(et('hint.select_many', run.locale));
    if (step.type === 'photo' || step.type === 'document') {
      const min = minMedia(step);
      const key = min > 0 ? 'hint.media' : 'hint.media_optional';
      out.push(et(key, run.locale, { what: mediaWhat(run, step), min }));
    }
    if (!step.required && step.type !== 'note') out.push(et('hint.optional', run.locale));
    const previous = run.a?.answers[step.name];
    if (
      previous !== undefined &&
      previous !== null &&
      step.type !== 'summary' &&
      !(step.type === 'photo' || step.type === 'document')
    )
      out.push(et('hint.previous', run.locale, { value: displayValue(run, step, previous) }));
    return out;
  }

  interface SummaryItem {
    pos: number;
    sub: number;
    label: string;
    value: string;
  }

  function summaryItems(run: Run, upTo: number): SummaryItem[] {
    const items: SummaryItem[] = [];
    run.flow!.steps.forEach((step, pos) => {
      if (pos >= upTo || !step.in_summary || !relevant(run, step)) return;
      if (step.type === 'note' || step.type === 'summary' || step.type === 'dossier') return;
      if (step.type === 'scores') {
        criteriaOf(run, step).forEach((c, sub) => {
          const v = run.a!.answers[`${step.name}.${c.code}`];
          items.push({ pos, sub, label: c.label, value: v === undefined ? '-' : String(v) });
        });
        return;
      }
      if (!(step.name in run.a!.answers)) return;
      items.push({
        pos,
        sub: 0,
        label: shortLabel(run, step),
        value: displayValue(run, step, run.a!.answers[step.name]),
      });
    });
    return items;
  }

  function shortLabel(run: Run, step: CompiledStep): string {
    return step.short_label ? text(run, step.short_label) : (text(run, step.label).split('\n')[0] ?? '');
  }

  /** The current question as the user sees it (also used to repeat it). */
  function question(run: Run): OutboundMessage {
    const a = run.a!;
    const step = run.flow!.steps[a.pos]!;
    const tk = token(run);
    if (a.pending?.kind === 'region') {
      return {
        text: et('region.several', run.locale, { input: a.pending.input }),
        choices: a.pending.matches,
        token: tk,
      };
    }
    if (a.pending?.kind === 'pick_edit') {
      const items = summaryItems(run, a.pos);
      return {
        text: et('summary.pick', run.locale),
        choices: items.map((it, i) => ({ value: `${i + 1}`, label: `${it.label}: ${it.value}` })),
        token: tk,
      };
    }
    if (step.type === 'summary') {
      const items = summaryItems(run, a.pos);
      const lines = items.map((it, i) => `${i + 1}. ${it.label}: ${it.value}`);
      const head = [text(run, step.label), et('summary.title', run.locale)].filter(Boolean).join('\n');
      return {
        text: `${head}\n${lines.join('\n')}\n\n${et('summary.instructions', run.locale)}`,
        choices: [
          { value: 'submit', label: et('summary.submit', run.locale) },
          { value: 'edit', label: et('summary.edit', run.locale) },
        ],
        token: tk,
      };
    }
    if (step.type === 'scores') {
      const criteria = criteriaOf(run, step);
      const c = criteria[a.sub]!;
      const lines = [
        text(run, step.label),
        et('scores.prompt', run.locale, {
          index: a.sub + 1,
          count: criteria.length,
          label: c.label,
          weight: c.weight,
          rubric: c.rubric,
          min: c.min,
          max: c.max,
        }),
      ];
      const prev = a.answers[`${step.name}.${c.code}`];
      if (prev !== undefined) lines.push(et('hint.previous', run.locale, { value: String(prev) }));
      return { text: lines.filter(Boolean).join('\n'), token: tk };
    }
    const body = [text(run, step.label), ...hints(run, step)].join('\n');
    const msg: OutboundMessage = { text: body, token: tk };
    if (step.type === 'select_one' || step.type === 'select_many') {
      msg.choices = choicesFor(run, step);
      if (step.type === 'select_many') msg.multiple = true;
    }
    return msg;
  }

  function ask(run: Run) {
    run.out.push(question(run));
  }

  function dossierText(run: Run, step: CompiledStep): string {
    const n = chosenNomination(run, step.of);
    if (!n) return text(run, step.label);
    const lines = [
      text(run, step.label),
      et('dossier.title', run.locale, { number: n.number }),
      et('dossier.nominee', run.locale, { name: n.nomineeName }),
      et('dossier.region', run.locale, { region: n.regionName }),
      et('dossier.category', run.locale, {
        category: category(run.ctx, n.categoryCode)?.name ?? n.categoryCode,
      }),
    ].filter(Boolean);
    const fields = nominationFlow?.steps ?? [];
    const skip = new Set([
      'nama',
      nominationFlow?.on_complete.action === 'nomination' ? nominationFlow.on_complete.category : '',
    ]);
    // In the order the nomination flow asks (Postgres jsonb does not keep key order).
    const order = new Map(fields.map((f, i) => [f.name, i]));
    const keys = Object.keys(n.answers).sort(
      (a, b) => (order.get(a) ?? fields.length) - (order.get(b) ?? fields.length) || a.localeCompare(b),
    );
    for (const key of keys) {
      const value = n.answers[key];
      if (skip.has(key) || key.endsWith('_nama') || value === null || value === '') continue;
      const field = fields.find((s) => s.name === key);
      const named = n.answers[`${key}_nama`];
      let shown: string;
      if (typeof named === 'string') shown = named;
      else if (isMediaAnswer(value)) {
        const what = field?.type === 'photo' ? 'media.photo' : 'media.document';
        shown = et('media.count', run.locale, { count: value.media.length, what: et(what, run.locale) });
      } else if (field?.choices) shown = displayValue(run, field, value);
      else if (field?.type === 'date') shown = displayDate(String(value));
      else shown = Array.isArray(value) ? value.join(', ') : String(value);
      const name = field ? shortLabel(run, field) : key;
      lines.push(`• ${name}: ${shown}`);
    }
    return lines.join('\n');
  }

  // ---------- moving through the flow ----------

  function answered(run: Run, step: CompiledStep): boolean {
    if (step.type === 'scores') {
      return criteriaOf(run, step).every((c) => `${step.name}.${c.code}` in run.a!.answers);
    }
    return step.name in run.a!.answers;
  }

  /** Going back to a photo / document step collects the files again instead of adding to them. */
  function forgetMediaOf(run: Run, pos: number) {
    const step = run.flow!.steps[pos];
    if (step && (step.type === 'photo' || step.type === 'document')) delete run.a!.answers[step.name];
  }

  /** Makes (pos, sub) the current question, remembering the previous one for `kembali`. */
  function moveTo(run: Run, pos: number, sub: number) {
    const a = run.a!;
    if (a.pos >= 0 && !(a.pos === pos && a.sub === sub)) a.history.push({ pos: a.pos, sub: a.sub });
    a.pos = pos;
    a.sub = sub;
    a.seq += 1;
    a.pending = null;
    if (run.flow!.steps[pos]!.type === 'summary') a.review = true;
    ask(run);
  }

  /**
   * Walks forward from step index `from` to the next question: skips steps that are not relevant,
   * shows notes and dossiers, answers single-option lists, and in review mode skips answered steps
   * back to the summary. Completes the flow when it runs out of steps.
   */
  function enterFrom(run: Run, from: number) {
    const flow = run.flow!;
    const a = run.a!;
    for (let i = from; i < flow.steps.length; i++) {
      const step = flow.steps[i]!;
      if (!relevant(run, step)) continue;
      if (step.type === 'note' || step.type === 'dossier') {
        if (!a.review)
          run.out.push({ text: step.type === 'note' ? text(run, step.label) : dossierText(run, step) });
        continue;
      }
      if (step.type !== 'summary' && a.review && answered(run, step)) continue;
      if (step.type === 'select_one' && step.choices_from) {
        const choices = choicesFor(run, step);
        if (choices.length === 0) {
          run.out.push({ text: text(run, step.empty_label ?? step.label) });
          run.a = null;
          return;
        }
        if (step.skip_if_single && choices.length === 1 && !(step.name in a.answers)) {
          a.answers[step.name] = choices[0]!.value;
          if (afterChoose(run, step, choices[0]!.value)) return;
          continue;
        }
      }
      // A region list the app could not fill (no desa data for that kecamatan) cannot be answered:
      // skip it rather than trap the user.
      if (step.type === 'region' && choicesFor(run, step).length === 0) continue;
      if (step.type === 'scores') {
        const criteria = criteriaOf(run, step);
        if (criteria.length === 0) continue;
        const sub = a.review ? criteria.findIndex((c) => !(`${step.name}.${c.code}` in a.answers)) : 0;
        moveTo(run, i, Math.max(sub, 0));
        return;
      }
      moveTo(run, i, 0);
      return;
    }
    complete(run);
  }

  /** After the current step's answer: the next criterion of a scores step, else the next step. */
  function advance(run: Run) {
    const a = run.a!;
    const step = run.flow!.steps[a.pos]!;
    if (step.type === 'scores') {
      const criteria = criteriaOf(run, step);
      for (let s = a.sub + 1; s < criteria.length; s++) {
        if (!a.review || !(`${step.name}.${criteria[s]!.code}` in a.answers)) {
          moveTo(run, a.pos, s);
          return;
        }
      }
    }
    if (step.choices_from === 'my_nominations' && afterChoose(run, step, String(a.answers[step.name])))
      return;
    enterFrom(run, a.pos + 1);
  }

  /**
   * Choosing one of the officer's own nominations loads its answers and goes to the summary,
   * so editing is: pick one, change answers, submit. Returns true when it moved on by itself.
   */
  function afterChoose(run: Run, step: CompiledStep, value: string): boolean {
    if (step.choices_from !== 'my_nominations') return false;
    const a = run.a!;
    if (value === 'new') {
      if (a.nominationId) {
        // Back from editing an existing nomination to a new one: start from empty answers.
        a.answers = { [step.name]: value };
        a.review = false;
        a.nominationId = null;
      }
      return false;
    }
    const n = run.ctx.lists.myNominations.find((x) => x.id === value);
    if (!n) return false;
    a.answers = { ...(n.answers as Record<string, unknown>), [step.name]: value };
    a.nominationId = n.id;
    a.review = true;
    enterFrom(run, a.pos < 0 ? run.flow!.steps.indexOf(step) + 1 : a.pos + 1);
    return true;
  }

  function start(run: Run, flow: CompiledFlow) {
    run.flow = flow;
    run.a = {
      flowId: flow.id,
      flowVersion: flow.version,
      pos: -1,
      sub: 0,
      answers: {},
      history: [],
      review: false,
      seq: 0,
      pending: null,
      nominationId: null,
    };
    enterFrom(run, 0);
  }

  // ---------- completing ----------

  function relevantAnswers(run: Run, exclude: Set<string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const step of run.flow!.steps) {
      if (exclude.has(step.name) || !relevant(run, step)) continue;
      if (['note', 'summary', 'dossier', 'scores'].includes(step.type)) continue;
      if (step.choices_from === 'my_nominations' || step.choices_from === 'juror_nominees') continue;
      const v = run.a!.answers[step.name];
      if (v === undefined) continue;
      out[step.name] = v;
      if (step.type === 'region' && typeof v === 'string') {
        // Jurors of other kabupaten cannot resolve the code, so the dossier keeps the name too.
        out[`${step.name}_nama`] = choicesFor(run, step, true).find((c) => c.value === v)?.label ?? v;
      }
    }
    return out;
  }

  function complete(run: Run) {
    const flow = run.flow!;
    const a = run.a!;
    const oc = flow.on_complete;
    const seleksiId = run.ctx.seleksi?.id ?? '';
    let submission: SubmissionRequest | null = null;
    if (oc.action === 'register') {
      run.effects.push({ type: 'register', code: String(a.answers[oc.code] ?? '').trim() });
    } else if (oc.action === 'nomination') {
      const attachments = flow.steps
        .filter((s) => (s.type === 'photo' || s.type === 'document') && relevant(run, s))
        .flatMap((s) => {
          const v = a.answers[s.name];
          if (!isMediaAnswer(v)) return [];
          return v.media.map((m) => ({
            field: s.name,
            kind: s.type === 'photo' ? ('PHOTO' as const) : ('DOCUMENT' as const),
            fileRef: m.fileRef,
            ...(m.mimeType ? { mimeType: m.mimeType } : {}),
            ...(m.fileName ? { fileName: m.fileName } : {}),
            ...(m.caption ? { caption: m.caption } : {}),
            ...(m.localPath ? { localPath: m.localPath } : {}),
          }));
        });
      submission = {
        kind: 'NOMINATION',
        payload: {
          seleksiId,
          categoryCode: String(a.answers[oc.category] ?? ''),
          regionCode: run.ctx.person?.regionCode ?? '',
          nomineeName: String(a.answers[oc.nominee_name] ?? '').slice(0, 200),
          answers: relevantAnswers(run, new Set()),
          attachments,
          ...(a.nominationId ? { nominationId: a.nominationId } : {}),
        },
      };
    } else if (oc.action === 'scoring') {
      const nominationId = String(a.answers[oc.nominee] ?? '');
      if (a.answers[oc.mode] === 'recuse') {
        submission = {
          kind: 'RECUSAL',
          payload: { seleksiId, nominationId, reason: String(a.answers[oc.reason] ?? '') },
        };
      } else {
        const scoresStep = flow.steps.find((s) => s.name === oc.scores)!;
        const scores = criteriaOf(run, scoresStep).map((c) => ({
          criterionCode: c.code,
          value: Number(a.answers[`${oc.scores}.${c.code}`]),
        }));
        const comment = a.answers[oc.comment];
        submission = {
          kind: 'SCORE_SHEET',
          payload: {
            seleksiId,
            nominationId,
            scores,
            ...(typeof comment === 'string' && comment.trim() ? { comment: comment.trim() } : {}),
          },
        };
      }
    }
    if (submission) run.effects.push({ type: 'submit', submission });
    run.a = null;
    run.flow = null;
  }

  // ---------- answers ----------

  function reject(run: Run, error: string) {
    run.out.push({ text: `⚠️ ${error}` });
    ask(run);
  }

  function checkConstraint(run: Run, step: CompiledStep, value: ExprValue): string | null {
    if (!step.constraintExpr) return null;
    return evalExpr(step.constraintExpr, exprEnv(run, value)) === true
      ? null
      : step.constraint_message
        ? text(run, step.constraint_message)
        : et('err.constraint', run.locale);
  }

  function accept(run: Run, step: CompiledStep, value: AnswerValue) {
    const error = checkConstraint(run, step, value as ExprValue);
    if (error) return reject(run, error);
    const answers = run.a!.answers;
    if (step.name in answers && JSON.stringify(answers[step.name]) !== JSON.stringify(value)) {
      // Answers that depend on this one (desa of a kecamatan, scores of a nominee) are now stale.
      for (const s of run.flow!.steps) {
        if (s.of !== step.name) continue;
        delete answers[s.name];
        for (const key of Object.keys(answers)) if (key.startsWith(`${s.name}.`)) delete answers[key];
      }
    }
    answers[step.name] = value;
    advance(run);
  }

  function parseTyped(run: Run, step: CompiledStep, input: string): Parsed<AnswerValue> {
    const loc = run.locale;
    switch (step.type) {
      case 'text': {
        const s = input.trim();
        if (step.min_length !== undefined && s.length < step.min_length)
          return { ok: false, error: et('err.too_short', loc, { length: s.length, min: step.min_length }) };
        return { ok: true, value: s };
      }
      case 'integer':
        return parseInteger(input, loc, step.min, step.max);
      case 'decimal':
        return parseDecimal(input, loc, step.min, step.max);
      case 'phone':
        return parsePhone(input, loc);
      case 'date':
        return parseDate(input, loc);
      case 'select_one':
        return parseSelectOne(input, choicesFor(run, step), loc);
      case 'select_many':
        return parseSelectMany(input, choicesFor(run, step), loc, step.min, step.max);
      default:
        return { ok: false, error: et('err.unsupported', loc) };
    }
  }

  function answerRegion(run: Run, step: CompiledStep, input: string) {
    const a = run.a!;
    const candidates = choicesFor(run, step).map((c) => ({ code: c.value, name: c.label }));
    const level = et(
      step.choices_from === 'desa' ? 'region.level.desa' : 'region.level.kecamatan',
      run.locale,
    );
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

  function answerPending(run: Run, pending: Pending, input: string) {
    const a = run.a!;
    const step = run.flow!.steps[a.pos]!;
    if (pending.kind === 'region') {
      const picked = matchChoice(input, pending.matches);
      if (picked) {
        a.pending = null;
        return accept(run, step, picked.value);
      }
      return answerRegion(run, step, input); // a new name typed instead
    }
    const items = summaryItems(run, a.pos);
    const n = Number(input.trim());
    const choices = items.map((it, i) => ({ value: `${i + 1}`, label: `${it.label}: ${it.value}` }));
    const picked = Number.isInteger(n) && n >= 1 && n <= items.length ? items[n - 1] : undefined;
    const byText = picked ?? items[Number(matchChoice(input, choices)?.value ?? 0) - 1];
    if (!byText)
      return reject(run, et('err.choice', run.locale, { input: input.trim(), count: items.length }));
    a.review = true;
    forgetMediaOf(run, byText.pos);
    moveTo(run, byText.pos, byText.sub);
  }

  function answerSummary(run: Run, input: string) {
    const a = run.a!;
    const s = input.trim().toLowerCase();
    const word = s.split(/\s+/)[0] ?? '';
    if (s === '1' || s === 'submit' || SUBMIT_WORDS.has(s)) return enterFrom(run, a.pos + 1);
    if (s === '2' || s === 'edit' || EDIT_WORDS.has(s)) {
      a.pending = { kind: 'pick_edit' };
      a.seq += 1; // the summary's buttons are stale now
      return ask(run);
    }
    const direct = /^\S+\s+(\d+)$/.exec(s);
    if (EDIT_WORDS.has(word) && direct) return answerPending(run, { kind: 'pick_edit' }, direct[1]!);
    reject(run, et('err.summary', run.locale));
  }

  function answerMedia(run: Run, step: CompiledStep, input: InboundContent) {
    const a = run.a!;
    const current = isMediaAnswer(a.answers[step.name])
      ? (a.answers[step.name] as { media: Media[] }).media
      : [];
    const what = mediaWhat(run, step);
    if (input.type === 'media') {
      const okKind =
        step.type === 'photo'
          ? input.kind === 'photo' ||
            (input.kind === 'document' && (input.mimeType ?? '').startsWith('image/'))
          : input.kind === 'document' || input.kind === 'photo';
      if (!okKind) {
        const kind = et(`media.${input.kind}` as EngineTextKey, run.locale);
        return reject(run, et('err.media_kind', run.locale, { expected: what, kind }));
      }
      const item: Media = { kind: input.kind, fileRef: input.fileRef };
      if (input.mimeType) item.mimeType = input.mimeType;
      if (input.fileName) item.fileName = input.fileName;
      if (input.caption) item.caption = input.caption.slice(0, DEFAULT_MAX_TEXT);
      if (input.localPath) item.localPath = input.localPath;
      const media = [...current, item];
      a.answers[step.name] = { media };
      if (step.max !== undefined && media.length >= step.max) return advance(run);
      run.out.push({
        text: et('media.received', run.locale, {
          what,
          What: what.charAt(0).toUpperCase() + what.slice(1),
          count: media.length,
        }),
        choices: [{ value: 'done', label: et('media.done', run.locale) }],
        token: token(run),
      });
      return;
    }
    if (input.type !== 'text') return reject(run, et('err.unsupported', run.locale));
    const s = input.text.trim().toLowerCase();
    if (DONE_WORDS.has(s) || (!step.required && SKIP_WORDS.has(s))) {
      const min = minMedia(step);
      if (current.length < min) {
        return reject(run, et('err.media_min', run.locale, { count: current.length, min, what }));
      }
      if (current.length === 0) a.answers[step.name] = null;
      return advance(run);
    }
    reject(run, et('err.media_text', run.locale, { what }));
  }

  function answer(run: Run, input: InboundContent) {
    const a = run.a!;
    const step = run.flow!.steps[a.pos]!;
    const loc = run.locale;
    let typed: string;
    switch (input.type) {
      case 'sticker':
        return reject(run, et('err.sticker', loc));
      case 'unsupported':
        return reject(run, et('err.unsupported', loc));
      case 'location':
        return reject(run, et('err.media_not_text', loc, { kind: et('media.location', loc) }));
      case 'contact':
        if (step.type === 'phone' && !a.pending) {
          typed = input.phone;
          break;
        }
        return reject(run, et('err.media_not_text', loc, { kind: et('media.contact', loc) }));
      case 'media':
        if ((step.type === 'photo' || step.type === 'document') && !a.pending)
          return answerMedia(run, step, input);
        return reject(
          run,
          et('err.media_not_text', loc, { kind: et(`media.${input.kind}` as EngineTextKey, loc) }),
        );
      case 'choice':
        if (input.token && input.token !== token(run)) {
          run.out.push({ text: `⚠️ ${et('err.stale_button', loc)}` });
          return ask(run);
        }
        typed = input.value;
        break;
      case 'text':
        typed = input.text;
        break;
    }
    if (typed.trim() === '') return reject(run, et('err.empty', loc));
    const max = step.type === 'text' ? (step.max_length ?? DEFAULT_MAX_TEXT) : DEFAULT_MAX_TEXT;
    if (typed.trim().length > max) {
      return reject(run, et('err.too_long', loc, { length: typed.trim().length, max }));
    }
    if (a.pending) return answerPending(run, a.pending, typed);
    if (step.type === 'photo' || step.type === 'document') {
      if (input.type === 'choice') return answerMedia(run, step, { type: 'text', text: 'selesai' });
      return answerMedia(run, step, { type: 'text', text: typed });
    }
    if (step.type === 'summary') return answerSummary(run, typed);
    if (!step.required && SKIP_WORDS.has(typed.trim().toLowerCase())) {
      a.answers[step.name] = null;
      return advance(run);
    }
    if (step.type === 'region') return answerRegion(run, step, typed);
    if (step.type === 'scores') {
      const c = criteriaOf(run, step)[a.sub]!;
      const n = parseInteger(typed, loc, c.min, c.max);
      if (!n.ok) return reject(run, et('scores.range', loc, { label: c.label, min: c.min, max: c.max }));
      a.answers[`${step.name}.${c.code}`] = n.value;
      return advance(run);
    }
    if (input.type === 'choice' && (step.type === 'select_one' || step.type === 'select_many')) {
      const found = choicesFor(run, step).find((c) => c.value === input.value);
      if (found) return accept(run, step, step.type === 'select_many' ? [found.value] : found.value);
    }
    const parsed = parseTyped(run, step, typed);
    if (!parsed.ok) return reject(run, parsed.error);
    accept(run, step, parsed.value);
  }

  // ---------- commands ----------

  /** The flows this person may start, as menu options (the role's main job first). */
  function roleCommands(run: Run): Choice[] {
    const role = roleOf(run.ctx);
    const ordered = [...flows.filter((f) => f.permission), ...flows.filter((f) => !f.permission)];
    const items: Choice[] = [];
    for (const f of ordered) {
      if (!f.command || !f.roles.includes(role)) continue;
      const key = `cmd.${f.command}` as EngineTextKey;
      const what =
        key in { 'cmd.nominasi': 1, 'cmd.nilai': 1, 'cmd.hasil': 1 }
          ? et(key, run.locale)
          : text(run, f.title);
      items.push({ value: f.command, label: `${f.command} — ${what}` });
    }
    return items;
  }

  function menu(run: Run) {
    const role = roleOf(run.ctx);
    if (role === 'UNREGISTERED') {
      run.out.push({ text: et('flow.unregistered', run.locale) });
      return;
    }
    const items = [
      ...roleCommands(run),
      ...(['status', 'bahasa', 'bantuan'] as const).map((c) => ({
        value: c,
        label: `${c} — ${et(`cmd.${c}`, run.locale)}`,
      })),
    ];
    const greeting = run.ctx.person
      ? `${et('menu.greeting', run.locale, { name: run.ctx.person.name })}\n`
      : '';
    run.out.push({ text: `${greeting}${et('menu.title', run.locale)}`, choices: items, token: 'menu' });
  }

  /** Repeats the current question after an interruption, or shows the menu when idle. */
  function resumeOrMenu(run: Run) {
    if (run.a) ask(run);
    else menu(run);
  }

  function startFlowCommand(run: Run, flow: CompiledFlow, command: string) {
    const role = roleOf(run.ctx);
    if (!flow.roles.includes(role)) {
      run.out.push({
        text: et(role === 'UNREGISTERED' ? 'flow.unregistered' : 'flow.not_for_role', run.locale, {
          command,
        }),
      });
      if (run.a) ask(run);
      return;
    }
    const refusal = flow.permission ? run.ctx.allowed[flow.permission] : null;
    if (refusal) {
      run.out.push({ text: refusal[run.locale] });
      if (run.a) ask(run);
      return;
    }
    const instant = flow.steps.every((s) => s.type === 'note');
    if (instant) {
      const saved = { flow: run.flow, a: run.a };
      run.flow = flow;
      run.a = null;
      for (const s of flow.steps) if (relevant(run, s)) run.out.push({ text: text(run, s.label) });
      run.flow = saved.flow;
      run.a = saved.a;
      if (run.a) ask(run);
      return;
    }
    if (run.a) {
      run.out.push({ text: et('flow.busy', run.locale, { title: text(run, run.flow!.title) }) });
      ask(run);
      return;
    }
    start(run, flow);
  }

  function help(run: Run) {
    const lines = [`ℹ️ ${et('help.title', run.locale)}`];
    if (run.a && run.flow) {
      const step = run.flow.steps[run.a.pos]!;
      lines.push(et('help.step', run.locale, { label: shortLabel(run, step) }));
      lines.push(
        ...hints(run, step).filter((h) => !h.startsWith(et('hint.previous', run.locale, { value: '' }))),
      );
    }
    lines.push(et('help.commands', run.locale));
    lines.push(...roleCommands(run).map((c) => `• ${c.label}`));
    run.out.push({ text: lines.join('\n') });
    resumeOrMenu(run);
  }

  /** Returns true when the text was a command (handled here). */
  function command(run: Run, raw: string): boolean {
    const m = /^\s*(\/)?([A-Za-z]+)(?:@\w+)?(?:\s+(.*))?$/s.exec(raw);
    if (!m) return false;
    const slash = Boolean(m[1]);
    const word = m[2]!.toLowerCase();
    const arg = m[3]?.trim() ?? '';
    const builtin = COMMAND_ALIASES[word];
    const flow = byCommand.get(word);
    if (!builtin && !flow) {
      if (!slash) return false;
      run.out.push({ text: `⚠️ ${et('err.unknown_command', run.locale, { command: `/${word}` })}` });
      resumeOrMenu(run);
      return true;
    }
    // Words that take an argument are commands only with it (or a slash), so an answer like
    // "Status" on its own is still treated as the command but "status sosial baik" is text.
    if (arg && !['daftar', 'start', 'bahasa'].includes(builtin ?? '')) {
      if (!slash) return false;
    }
    if ((builtin === 'daftar' || builtin === 'start') && arg) {
      run.effects.push({ type: 'register', code: arg.split(/\s+/)[0]! });
      run.a = null;
      run.flow = null;
      return true;
    }
    switch (builtin) {
      case 'batal':
        run.out.push({ text: et(run.a ? 'cancelled' : 'nothing_to_cancel', run.locale) });
        run.a = null;
        run.flow = null;
        menu(run);
        return true;
      case 'kembali': {
        const a = run.a;
        if (!a) {
          menu(run);
          return true;
        }
        if (a.pending) {
          a.pending = null;
          a.seq += 1;
          ask(run);
          return true;
        }
        const prev = a.history.pop();
        if (!prev) {
          run.out.push({ text: `⚠️ ${et('err.first_question', run.locale)}` });
          ask(run);
          return true;
        }
        a.pos = prev.pos;
        a.sub = prev.sub;
        a.seq += 1;
        forgetMediaOf(run, prev.pos);
        ask(run);
        return true;
      }
      case 'bantuan':
        help(run);
        return true;
      case 'bahasa': {
        const wanted = arg.toLowerCase().startsWith('en')
          ? 'en'
          : arg.toLowerCase().startsWith('id')
            ? 'id'
            : null;
        const next: Locale = wanted ?? (run.locale === 'id' ? 'en' : 'id');
        run.locale = next;
        run.effects.push({ type: 'set_locale', locale: next });
        run.out.push({ text: et('locale.switched', next) });
        resumeOrMenu(run);
        return true;
      }
      case 'status':
        run.out.push({ text: run.ctx.status[run.locale] });
        if (run.a) ask(run);
        return true;
      case 'menu':
      case 'start':
        if (run.a) {
          run.out.push({ text: et('flow.busy', run.locale, { title: text(run, run.flow!.title) }) });
          ask(run);
        } else if (roleOf(run.ctx) === 'UNREGISTERED' && registration) start(run, registration);
        else menu(run);
        return true;
      case 'daftar':
        if (registration && roleOf(run.ctx) === 'UNREGISTERED' && !run.a) start(run, registration);
        else resumeOrMenu(run);
        return true;
    }
    startFlowCommand(run, flow!, word);
    return true;
  }

  // ---------- state ----------

  /**
   * Restores the running flow. A state that no longer parses or names a removed flow is ended
   * with a notice; a flow whose version changed restarts with a notice. Either way the message
   * that arrived is not applied to a question the user no longer sees.
   */
  function loadActive(run: Run, state: SessionState): 'ok' | 'restarted' {
    if (!state.active) return 'ok';
    const parsed = activeStateSchema.safeParse(state.active);
    const flow = parsed.success ? byId.get(parsed.data.flowId) : undefined;
    if (!parsed.success || !flow) {
      run.out.push({ text: et('flow.lost', run.locale) });
      menu(run);
      return 'restarted';
    }
    const a = parsed.data;
    // The chat was registered meanwhile (registration flow), or the person's role changed: the
    // flow is not theirs any more, so it ends quietly and the message is handled as if idle.
    if (!flow.roles.includes(roleOf(run.ctx))) return 'ok';
    const refusal = flow.permission ? run.ctx.allowed[flow.permission] : null;
    if (refusal) {
      // The phase closed (or the right was withdrawn) in the middle of the flow: say so now
      // rather than at submission.
      run.out.push({ text: refusal[run.locale] });
      menu(run);
      return 'restarted';
    }
    const step = flow.steps[a.pos];
    run.flow = flow;
    run.a = a;
    // A scores step whose nominee or criterion is gone (withdrawn, criteria changed) cannot be
    // asked again: restart like a changed flow.
    const lostCriterion = step?.type === 'scores' && !criteriaOf(run, step)[a.sub];
    run.flow = null;
    run.a = null;
    if (a.flowVersion !== flow.version || !step || lostCriterion) {
      run.out.push({ text: et('flow.restarted', run.locale, { title: label(flow.title, run.locale) }) });
      start(run, flow);
      return 'restarted';
    }
    run.flow = flow;
    run.a = a;
    return 'ok';
  }

  function initialState(locale: Locale = 'id'): SessionState {
    return { schemaVersion: 1, locale, active: null };
  }

  /**
   * Never throws: an internal error ends the running flow with a notice (and is reported in
   * `error` for the app to log), so one bad state cannot block a chat for good.
   */
  function handle(state: SessionState, input: InboundContent, ctx: FlowContext): EngineResult {
    try {
      return handleUnsafe(state, input, ctx);
    } catch (error) {
      const locale: Locale = state?.locale === 'en' ? 'en' : 'id';
      const run: Run = {
        locale,
        ctx,
        out: [{ text: et('flow.lost', locale) }],
        effects: [],
        flow: null,
        a: null,
      };
      try {
        menu(run);
      } catch {
        // the notice alone is enough
      }
      return {
        ...finish(run),
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
  }

  function handleUnsafe(state: SessionState, input: InboundContent, ctx: FlowContext): EngineResult {
    const parsedState = sessionStateSchema.safeParse(state);
    const st: SessionState = parsedState.success
      ? { schemaVersion: 1, locale: parsedState.data.locale, active: parsedState.data.active }
      : initialState(ctx.locale);
    const run: Run = { locale: st.locale, ctx, out: [], effects: [], flow: null, a: null };
    if (!parsedState.success) {
      run.out.push({ text: et('flow.lost', run.locale) });
      menu(run);
      return finish(run);
    }
    if (loadActive(run, st) === 'restarted') return finish(run);

    if (input.type === 'text' && command(run, input.text)) return finish(run);
    // Menu buttons stay valid while a flow runs: they are commands, not answers.
    if (input.type === 'choice' && input.token === 'menu' && command(run, input.value)) return finish(run);
    if (!run.a) {
      // Menu buttons, or the menu option's number typed.
      const value =
        input.type === 'choice'
          ? input.value
          : input.type === 'text' && /^\s*\d+\s*$/.test(input.text)
            ? input.text
            : null;
      if (value !== null && roleOf(ctx) !== 'UNREGISTERED') {
        const probe: Run = { ...run, out: [] };
        menu(probe);
        const picked = matchChoice(value, probe.out[0]?.choices ?? []);
        if (picked && command(run, picked.value)) return finish(run);
      }
      if (roleOf(ctx) === 'UNREGISTERED' && registration) start(run, registration);
      else {
        if (input.type === 'choice') run.out.push({ text: `⚠️ ${et('err.no_choice_now', run.locale)}` });
        menu(run);
      }
      return finish(run);
    }
    answer(run, input);
    return finish(run);
  }

  function finish(run: Run): EngineResult {
    return {
      state: { schemaVersion: 1, locale: run.locale, active: run.a ? { ...run.a } : null },
      outbox: run.out,
      effects: run.effects,
    };
  }

  return { initialState, handle };
}

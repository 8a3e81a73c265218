/**
 * Steps that come from the seleksi definition rather than the flow file: a `category_fields` step
 * becomes the chosen category's own questions, required documents or declarations; a photo step
 * with `min_from: min_photos` asks at least the category's minimum; an integer step with
 * `max_from: current_year` ends at this year. Each category's steps are asked only when that
 * category was chosen, so the flow file names no category and a new category is an edit of the
 * definition only. The expansion is a pure function of the flow and the context.
 */
import type { NominationField } from '../../domain/definition/schema.ts';
import { DECLARATION_YES, declarationKey } from '../../domain/eligibility.ts';
import type { FlowContext } from '../../flow-engine/api.ts';
import type { Expr } from '../../flow-engine/expr.ts';
import type { CompiledFlow, CompiledStep, Label } from '../../flow-engine/schema.ts';
import { type CategoryView, seleksiOf } from './context.ts';
import { fieldsOf, type SeleksiStepFields } from './step-fields.ts';

/** Lowest year a `year` field accepts unless the definition says otherwise. */
export const DEFAULT_MIN_YEAR = 1950;

const byContext = new WeakMap<FlowContext, Map<CompiledFlow, CompiledFlow>>();

function needsExpansion(flow: CompiledFlow): boolean {
  return flow.steps.some((s) => s.type === 'category_fields' || fieldsOf(s).min_from || fieldsOf(s).max_from);
}

function and(a: Expr | undefined, b: Expr): Expr {
  return a ? { kind: 'bin', op: 'and', left: a, right: b } : b;
}

function chosen(of: string, code: string): Expr {
  return { kind: 'bin', op: '=', left: { kind: 'ref', name: of }, right: { kind: 'lit', value: code } };
}

/** A definition label as a question: "Kecamatan penugasan" → "Kecamatan penugasan:". */
function asQuestion(l: Label): Label {
  const colon = (s: string) => (/[:?.!]$/.test(s) ? s : `${s}:`);
  return { id: colon(l.id), en: colon(l.en ?? l.id) };
}

function base(name: string, type: CompiledStep['type'], label: Label, short: Label): CompiledStep {
  return { type, name, label, short_label: short, required: true, in_summary: true };
}

/** One of the category's own questions as a flow step. */
function fieldStep(field: NominationField, year: number, labelOf: (key: string) => string): CompiledStep {
  const TYPE = {
    text: 'text',
    number: 'integer',
    year: 'integer',
    date: 'date',
    choice: 'select_one',
    choices: 'select_many',
  } as const;
  const type = field.type === 'photo' || field.type === 'document' ? field.type : TYPE[field.type];
  const step = base(field.key, type, asQuestion(field.label), field.label);
  step.required = field.required;
  if (field.private) step.private = true;
  if (field.help) step.hint = field.help;
  if (field.type === 'year') {
    step.min = field.min ?? DEFAULT_MIN_YEAR;
    step.max = field.max ?? year;
  } else {
    if (field.min !== undefined) step.min = field.min;
    if (field.max !== undefined) step.max = field.max;
  }
  if (field.type === 'number' && step.min === undefined) step.min = 0;
  if (field.min_length !== undefined) step.min_length = field.min_length;
  if (field.max_length !== undefined) step.max_length = field.max_length;
  if (field.choices) step.choices = field.choices.map((c) => ({ value: c.id, label: c }));
  if (field.pattern) {
    step.constraintExpr = {
      kind: 'call',
      fn: 'regex',
      args: [{ kind: 'self' }, { kind: 'lit', value: field.pattern }],
    };
    if (field.pattern_message) step.constraint_message = field.pattern_message;
  }
  if (field.not_before) {
    const other = labelOf(field.not_before);
    step.constraintExpr = {
      kind: 'bin',
      op: '>=',
      left: { kind: 'self' },
      right: { kind: 'ref', name: field.not_before },
    };
    step.constraint_message = {
      id: `Tidak boleh lebih awal dari jawaban "${other}".`,
      en: `It cannot be earlier than the answer to "${other}".`,
    };
  }
  return step;
}

/** The steps a category_fields step stands for in one category. */
function partSteps(
  marker: CompiledStep,
  cat: CategoryView,
  year: number,
  labelOf: (k: string) => string,
): CompiledStep[] {
  const rules = cat.rules;
  if (!rules) return [];
  switch (fieldsOf(marker).part ?? 'fields') {
    case 'fields':
      return rules.fields.map((f) => fieldStep(f, year, labelOf));
    case 'documents':
      return rules.documents.map((d) => {
        const step = base(
          d.key,
          'document',
          {
            id: `Kirim dokumen wajib: ${d.label.id} (PDF).`,
            en: `Send the required document: ${d.label.en} (PDF).`,
          },
          d.label,
        );
        step.min = 1;
        step.max = 3;
        step.accept = ['pdf'];
        return step;
      });
    case 'declarations':
      return rules.eligibility.flatMap((r) => {
        if (r.kind !== 'declaration') return [];
        const step = base(
          declarationKey(r),
          'select_one',
          { id: `Pernyataan: ${r.text.id}\nApakah benar?`, en: `Declaration: ${r.text.en}\nIs this true?` },
          { id: 'Pernyataan', en: 'Declaration' },
        );
        const plain = (s: string) => s.replace(/\.$/, '');
        step.short_label = { id: `Pernyataan: ${plain(r.text.id)}`, en: `Declaration: ${plain(r.text.en)}` };
        step.choices = [
          { value: DECLARATION_YES, label: { id: 'Ya', en: 'Yes' } },
          { value: 'TIDAK', label: { id: 'Tidak', en: 'No' } },
        ];
        return [step];
      });
  }
}

function expand(flow: CompiledFlow, ctx: FlowContext): CompiledFlow {
  const categories = seleksiOf(ctx).seleksi?.categories ?? [];
  const year = ctx.now.getUTCFullYear();
  const categoryStep = flow.steps.find((s) => s.choices_from === 'categories')?.name;
  const steps: (CompiledStep & SeleksiStepFields)[] = [];
  const labelOf = (key: string) => {
    const s = flow.steps.find((x) => x.name === key);
    const f = s ? undefined : categories.flatMap((c) => c.rules?.fields ?? []).find((x) => x.key === key);
    const l = s?.short_label ?? s?.label ?? f?.label;
    return l ? (ctx.locale === 'en' ? (l.en ?? l.id) : l.id) : key;
  };
  for (const step of flow.steps.map(fieldsOf)) {
    if (step.type === 'category_fields') {
      for (const cat of categories) {
        for (const made of partSteps(step, cat, year, labelOf)) {
          made.relevantExpr = and(step.relevantExpr, chosen(step.of!, cat.code));
          steps.push({ ...made, categoryCode: cat.code });
        }
      }
    } else if (step.min_from === 'min_photos' && categoryStep && categories.length > 0) {
      for (const cat of categories) {
        const min = Math.max(step.min ?? 0, cat.rules?.minPhotos ?? 0);
        const max = Math.max(step.max ?? min, min);
        steps.push({
          ...step,
          min,
          max,
          relevantExpr: and(step.relevantExpr, chosen(categoryStep, cat.code)),
          categoryCode: cat.code,
        });
      }
    } else if (step.max_from === 'current_year') {
      steps.push({ ...step, max: year });
    } else steps.push(step);
  }
  return { ...flow, steps };
}

/**
 * The flow as this context asks it: definition-driven steps expanded (cached per context, so one
 * message expands a flow once). Flows without such steps are returned as they are.
 */
export function flowFor(flow: CompiledFlow, ctx: FlowContext): CompiledFlow {
  if (!needsExpansion(flow)) return flow;
  let cache = byContext.get(ctx);
  if (!cache) {
    cache = new Map();
    byContext.set(ctx, cache);
  }
  let out = cache.get(flow);
  if (!out) {
    out = expand(flow, ctx);
    cache.set(flow, out);
  }
  return out;
}

/** The flow that makes nominations (its answers are what a juror's dossier lists). */
export function nominationFlowOf(flows: readonly CompiledFlow[]): CompiledFlow | undefined {
  return flows.find((f) => f.on_complete.action === 'nomination');
}

/**
 * The questions the nomination flow asks of every nominee (its answer steps' names): a category's
 * own field may not reuse one, and evidence and eligibility rules may name them.
 */
export function commonNominationKeys(flows: readonly CompiledFlow[]): Set<string> {
  const flow = nominationFlowOf(flows);
  const noAnswer = new Set(['note', 'summary', 'dossier', 'scores', 'category_fields']);
  return new Set((flow?.steps ?? []).filter((s) => !noAnswer.has(s.type)).map((s) => s.name));
}

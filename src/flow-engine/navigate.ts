import type { AnswerValue } from './api.ts';
import { choicesFor } from './choices.ts';
import { complete, completionRefusal } from './complete.ts';
import { checkConstraint, relevant } from './conditions.ts';
import type { ExprValue } from './expr.ts';
import { kindOf, listOf, type StepKind } from './kinds.ts';
import { ask, reject } from './question.ts';
import { current, enter, leave, type Run, type Turn, text } from './run.ts';
import type { CompiledFlow, CompiledStep } from './schema.ts';

function answered(t: Turn, kind: StepKind, step: CompiledStep): boolean {
  if (kind.parts) return kind.parts(t, step).every((p) => `${step.name}.${p.key}` in t.a.answers);
  return step.name in t.a.answers;
}

/** Going back to a photo / document step collects the files again instead of adding to them. */
export function forgetMediaOf(t: Turn, pos: number) {
  const step = t.flow.steps[pos];
  if (step && kindOf(t.run.catalog.kinds, step).files) delete t.a.answers[step.name];
}

/** Makes (pos, sub) the current question, remembering the previous one for `kembali`. */
export function moveTo(t: Turn, pos: number, sub: number) {
  const a = t.a;
  if (a.pos >= 0 && !(a.pos === pos && a.sub === sub)) a.history.push({ pos: a.pos, sub: a.sub });
  a.pos = pos;
  a.sub = sub;
  a.seq += 1;
  a.pending = null;
  if (current(t).type === 'summary') a.review = true;
  ask(t);
}

/**
 * Walks forward from step index `from` to the next question: skips steps that are not relevant,
 * shows notes and dossiers, answers single-option lists, and in review mode skips answered steps
 * back to the summary. Completes the flow when it runs out of steps.
 */
export function enterFrom(t: Turn, from: number) {
  const { run, flow, a } = t;
  for (let i = from; i < flow.steps.length; i++) {
    const step = flow.steps[i]!;
    if (!relevant(t, step)) continue;
    const kind = kindOf(run.catalog.kinds, step);
    if (kind.show) {
      if (!a.review) run.out.push({ text: kind.show(t, step) });
      continue;
    }
    if (step.type !== 'summary' && a.review && answered(t, kind, step)) continue;
    if (step.type === 'select_one' && step.choices_from) {
      const choices = choicesFor(t, step);
      if (choices.length === 0) {
        run.out.push({ text: text(run, step.empty_label ?? step.label) });
        leave(run);
        return;
      }
      if (step.skip_if_single && choices.length === 1 && !(step.name in a.answers)) {
        a.answers[step.name] = choices[0]!.value;
        if (afterChoose(t, step, choices[0]!.value)) return;
        continue;
      }
    }
    // A step that cannot be answered now (a region list the app could not fill) is skipped
    // rather than trap the user.
    if (kind.unanswerable?.(t, step)) continue;
    if (kind.parts) {
      const parts = kind.parts(t, step);
      if (parts.length === 0) continue;
      const sub = a.review ? parts.findIndex((p) => !(`${step.name}.${p.key}` in a.answers)) : 0;
      moveTo(t, i, Math.max(sub, 0));
      return;
    }
    moveTo(t, i, 0);
    return;
  }
  const refusal = completionRefusal(t);
  if (refusal) return reject(t, refusal);
  complete(t);
}

/** After the current step's answer: its next part (a scores step's next criterion), else the next step. */
export function advance(t: Turn) {
  const a = t.a;
  const step = current(t);
  const parts = kindOf(t.run.catalog.kinds, step).parts?.(t, step) ?? [];
  for (let s = a.sub + 1; s < parts.length; s++) {
    if (!a.review || !(`${step.name}.${parts[s]!.key}` in a.answers)) {
      moveTo(t, a.pos, s);
      return;
    }
  }
  if (afterChoose(t, step, String(a.answers[step.name]))) return;
  enterFrom(t, a.pos + 1);
}

/** What choosing `value` does beyond storing it (its list's own step): true when it moved on itself. */
function afterChoose(t: Turn, step: CompiledStep, value: string): boolean {
  return listOf(t.run.catalog.kinds, step)?.chosen?.(t, step, value) ?? false;
}

/** Starts `flow` from its first question. */
export function start(run: Run, flow: CompiledFlow) {
  const t = enter(run, run.catalog.kinds.expand(flow, run.ctx), {
    flowId: flow.id,
    flowVersion: flow.version,
    pos: -1,
    sub: 0,
    answers: {},
    history: [],
    review: false,
    seq: 0,
    pending: null,
    editing: null,
  });
  enterFrom(t, 0);
}

/** Stores a parsed answer that meets the step's constraint, then moves on; else asks again. */
export function accept(t: Turn, step: CompiledStep, value: AnswerValue) {
  const error = checkConstraint(t, step, value as ExprValue);
  if (error) return reject(t, error);
  const answers = t.a.answers;
  if (step.name in answers && JSON.stringify(answers[step.name]) !== JSON.stringify(value)) {
    // Answers that depend on this one (desa of a kecamatan, scores of a nominee) are now stale.
    for (const s of t.flow.steps) {
      if (kindOf(t.run.catalog.kinds, s).dependsOn?.(s) !== step.name) continue;
      delete answers[s.name];
      for (const key of Object.keys(answers)) if (key.startsWith(`${s.name}.`)) delete answers[key];
    }
  }
  answers[step.name] = value;
  advance(t);
}

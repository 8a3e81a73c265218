import type { AnswerValue } from './api.ts';
import { flowFor } from './category-steps.ts';
import { choicesFor, criteriaOf } from './choices.ts';
import { complete, completionRefusal } from './complete.ts';
import { checkConstraint, relevant } from './conditions.ts';
import { dossierText } from './dossier.ts';
import type { ExprValue } from './expr.ts';
import type { CompiledFlow, CompiledStep } from './load.ts';
import { ask, reject } from './question.ts';
import { type Run, text } from './run.ts';

function answered(run: Run, step: CompiledStep): boolean {
  if (step.type === 'scores') {
    return criteriaOf(run, step).every((c) => `${step.name}.${c.code}` in run.a!.answers);
  }
  return step.name in run.a!.answers;
}

/** Going back to a photo / document step collects the files again instead of adding to them. */
export function forgetMediaOf(run: Run, pos: number) {
  const step = run.flow!.steps[pos];
  if (step && (step.type === 'photo' || step.type === 'document')) delete run.a!.answers[step.name];
}

/** Makes (pos, sub) the current question, remembering the previous one for `kembali`. */
export function moveTo(run: Run, pos: number, sub: number) {
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
export function enterFrom(run: Run, from: number) {
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
  const refusal = completionRefusal(run);
  if (refusal) return reject(run, refusal);
  complete(run);
}

/** After the current step's answer: the next criterion of a scores step, else the next step. */
export function advance(run: Run) {
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
  if (step.choices_from === 'my_nominations' && afterChoose(run, step, String(a.answers[step.name]))) return;
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

/** Starts `flow` from its first question. */
export function start(run: Run, flow: CompiledFlow) {
  run.flow = flowFor(flow, run.ctx);
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

/** Stores a parsed answer that meets the step's constraint, then moves on; else asks again. */
export function accept(run: Run, step: CompiledStep, value: AnswerValue) {
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

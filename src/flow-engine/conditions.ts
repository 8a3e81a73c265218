import { type ExprEnv, type ExprValue, evalExpr } from './expr.ts';
import { completionOf } from './kinds.ts';
import { isMediaAnswer, isoDay, type Run, type Turn, text } from './run.ts';
import type { CompiledStep } from './schema.ts';
import type { ActiveState } from './state-schema.ts';
import { et } from './texts.ts';

/** What a step's expressions see: the answers so far, today, and the registry's functions. */
function exprEnv(run: Run, a: ActiveState | null, self?: ExprValue): ExprEnv {
  const answers = a?.answers ?? {};
  return {
    answer: (name) => {
      const v = answers[name];
      if (v === undefined || isMediaAnswer(v)) return isMediaAnswer(v) ? v.media.map((m) => m.fileRef) : null;
      return v as ExprValue;
    },
    self,
    today: isoDay(run.ctx.now),
    call: (fn, args) => run.catalog.kinds.functions.get(fn)?.call(run, a, args) ?? null,
  };
}

/** True when the step's `relevant` expression (if any) holds for the answers so far. */
export function relevant(t: Turn, step: CompiledStep): boolean {
  return relevantTo(t.run, t.a, step);
}

/** `relevant` for the answers `a` (null: none, as for a flow shown at once without questions). */
export function relevantTo(run: Run, a: ActiveState | null, step: CompiledStep): boolean {
  return step.relevantExpr ? evalExpr(step.relevantExpr, exprEnv(run, a)) === true : true;
}

/**
 * The message to show when `value` breaks the step's constraint, else null. The flow's on_complete
 * handler may refuse it too (a nomination: an answer an eligibility rule of the chosen category reads).
 */
export function checkConstraint(t: Turn, step: CompiledStep, value: ExprValue): string | null {
  const run = t.run;
  if (step.constraintExpr && evalExpr(step.constraintExpr, exprEnv(run, t.a, value)) !== true) {
    return step.constraint_message ? text(run, step.constraint_message) : et('err.constraint', run.locale);
  }
  return completionOf(run.catalog.kinds, t.flow).checkAnswer?.(t, step, value) ?? null;
}

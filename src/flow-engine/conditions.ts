import { answerRefusal } from '../domain/eligibility.ts';
import { type ExprEnv, type ExprValue, evalExpr } from './expr.ts';
import type { CompiledStep } from './load.ts';
import { category, isMediaAnswer, isoDay, type Run, text } from './run.ts';
import { et } from './texts.ts';

/** What a step's expressions see: the answers so far, today, categories, own nominations. */
function exprEnv(run: Run, self?: ExprValue): ExprEnv {
  const answers = run.a?.answers ?? {};
  return {
    answer: (name) => {
      const v = answers[name];
      if (v === undefined || isMediaAnswer(v)) return isMediaAnswer(v) ? v.media.map((m) => m.fileRef) : null;
      return v as ExprValue;
    },
    self,
    today: isoDay(run.ctx.now),
    categoryType: (code) => category(run.ctx, code)?.subjectType ?? '',
    hasNomination: (code) =>
      run.ctx.lists.myNominations.some((n) => n.categoryCode === code && n.id !== run.a?.nominationId),
  };
}

/** True when the step's `relevant` expression (if any) holds for the answers so far. */
export function relevant(run: Run, step: CompiledStep): boolean {
  return step.relevantExpr ? evalExpr(step.relevantExpr, exprEnv(run)) === true : true;
}

/**
 * The message to show when `value` breaks the step's constraint, else null. In a nomination, an
 * answer an eligibility rule of the chosen category reads is checked against it here too.
 */
export function checkConstraint(run: Run, step: CompiledStep, value: ExprValue): string | null {
  if (step.constraintExpr && evalExpr(step.constraintExpr, exprEnv(run, value)) !== true) {
    return step.constraint_message ? text(run, step.constraint_message) : et('err.constraint', run.locale);
  }
  const oc = run.flow?.on_complete;
  if (oc?.action !== 'nomination') return null;
  const rules = category(run.ctx, run.a?.answers[oc.category])?.rules;
  const refusal = rules ? answerRefusal(rules, step.name, value, run.ctx.now) : null;
  return refusal ? refusal[run.locale] : null;
}

/** The seleksi's functions in flow expressions (flows/README.md). */
import type { ExprValue } from '../../flow-engine/expr.ts';
import type { ExprFunction } from '../../flow-engine/kinds.ts';
import { category, seleksiOf } from './context.ts';

function text(v: ExprValue | undefined): string {
  if (v === null || v === undefined) return '';
  return Array.isArray(v) ? v.join(' ') : String(v);
}

/** `category-type(code)`: PERSON or ORGANISATION ('' for an unknown category). */
const categoryType: ExprFunction = {
  name: 'category-type',
  arity: 1,
  call: (run, _a, [code]) => category(run.ctx, text(code))?.subjectType ?? '',
};

/** `has-nomination(code)`: the officer's kabupaten already has another nomination in that category. */
const hasNomination: ExprFunction = {
  name: 'has-nomination',
  arity: 1,
  call: (run, a, [code]) =>
    seleksiOf(run.ctx).lists.myNominations.some((n) => n.categoryCode === text(code) && n.id !== a?.editing),
};

export const EXPR_FUNCTIONS: readonly ExprFunction[] = [categoryType, hasNomination];

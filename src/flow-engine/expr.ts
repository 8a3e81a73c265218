/**
 * A small, safe expression language for `relevant` and `constraint` in flow files, modelled on
 * XLSForm: `${category} = 'TKSK'`, `and` / `or` / `not`, comparisons, `.` (the answer being
 * checked) and a few functions. Parsed once when flows load (so a typo stops start-up with the
 * file and step named) and evaluated by walking the tree: there is no eval.
 */

export type Expr =
  | { kind: 'lit'; value: string | number | boolean }
  | { kind: 'ref'; name: string }
  | { kind: 'self' }
  | { kind: 'not'; arg: Expr }
  | { kind: 'bin'; op: 'and' | 'or' | '=' | '!=' | '<' | '<=' | '>' | '>='; left: Expr; right: Expr }
  | { kind: 'call'; fn: string; args: Expr[] };

/** Runtime values an expression works on. */
export type ExprValue = string | number | boolean | string[] | null;

/** Functions the language itself knows, with their arity (a registry adds its own: kinds.ts). */
export const FUNCTIONS: Record<string, number> = {
  selected: 2,
  'count-selected': 1,
  'string-length': 1,
  regex: 2,
  today: 0,
  year: 1,
};

export class ExprSyntaxError extends Error {
  override name = 'ExprSyntaxError';
}

/** Every `${name}` the expression reads. */
export function exprRefs(e: Expr): string[] {
  switch (e.kind) {
    case 'ref':
      return [e.name];
    case 'not':
      return exprRefs(e.arg);
    case 'bin':
      return [...exprRefs(e.left), ...exprRefs(e.right)];
    case 'call':
      return e.args.flatMap(exprRefs);
    default:
      return [];
  }
}

/** What evaluation can see. */
export interface ExprEnv {
  answer(name: string): ExprValue;
  self?: ExprValue;
  /** ISO date of "today" (from FlowContext.now, so evaluation stays pure). */
  today: string;
  /** A function the registry added (kinds.ts: ExprFunction); null when there is none. */
  call?(fn: string, args: ExprValue[]): ExprValue;
}

function toNumber(v: ExprValue): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return null;
}

function toText(v: ExprValue): string {
  if (v === null) return '';
  if (Array.isArray(v)) return v.join(' ');
  return String(v);
}

function truthy(v: ExprValue): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== null && v !== false && v !== '' && v !== 0;
}

/** Evaluates an expression; unknown or missing answers are null (never throws on data). */
export function evalExpr(e: Expr, env: ExprEnv): ExprValue {
  switch (e.kind) {
    case 'lit':
      return e.value;
    case 'ref':
      return env.answer(e.name);
    case 'self':
      return env.self ?? null;
    case 'not':
      return !truthy(evalExpr(e.arg, env));
    case 'bin': {
      if (e.op === 'and') return truthy(evalExpr(e.left, env)) && truthy(evalExpr(e.right, env));
      if (e.op === 'or') return truthy(evalExpr(e.left, env)) || truthy(evalExpr(e.right, env));
      const l = evalExpr(e.left, env);
      const r = evalExpr(e.right, env);
      const ln = toNumber(l);
      const rn = toNumber(r);
      const numeric = ln !== null && rn !== null && (typeof l === 'number' || typeof r === 'number');
      const a: number | string = numeric ? ln : toText(l);
      const b: number | string = numeric ? rn : toText(r);
      switch (e.op) {
        case '=':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
      }
      return false;
    }
    case 'call': {
      const args = e.args.map((a) => evalExpr(a, env));
      switch (e.fn) {
        case 'selected': {
          const list = args[0];
          const item = toText(args[1] ?? null);
          return Array.isArray(list) ? list.includes(item) : toText(list ?? null) === item;
        }
        case 'count-selected': {
          const list = args[0];
          return Array.isArray(list) ? list.length : truthy(list ?? null) ? 1 : 0;
        }
        case 'string-length':
          return toText(args[0] ?? null).length;
        case 'regex':
          try {
            return new RegExp(toText(args[1] ?? null), 'u').test(toText(args[0] ?? null));
          } catch {
            return false;
          }
        case 'today':
          return env.today;
        case 'year': {
          const m = /^(\d{4})/.exec(toText(args[0] ?? null));
          return m ? Number(m[1]) : null;
        }
      }
      return env.call?.(e.fn, args) ?? null;
    }
  }
}

/** Checks a regex literal given to regex() so a bad pattern is caught at load time. */
export function checkRegexLiterals(e: Expr): string | null {
  if (e.kind === 'call' && e.fn === 'regex') {
    const pat = e.args[1];
    if (pat?.kind === 'lit') {
      try {
        new RegExp(String(pat.value), 'u');
      } catch (error) {
        return `invalid regular expression: ${(error as Error).message}`;
      }
    }
  }
  const kids =
    e.kind === 'not' ? [e.arg] : e.kind === 'bin' ? [e.left, e.right] : e.kind === 'call' ? e.args : [];
  for (const k of kids) {
    const r = checkRegexLiterals(k);
    if (r) return r;
  }
  return null;
}

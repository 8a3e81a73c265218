/**
 * The parser of the expression language (see expr.ts): tokens, then recursive descent with one
 * method per precedence level — `or`, `and`, `not`, comparisons, primaries (literals, `${name}`,
 * `.`, parentheses, function calls).
 */
import { type Expr, ExprSyntaxError, FUNCTIONS } from './expr.ts';

type Token =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'ref'; v: string }
  | { t: 'word'; v: string }
  | { t: 'op'; v: string }
  | { t: 'end' };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '$') {
      const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(src.slice(i));
      if (!m) throw new ExprSyntaxError(`bad reference at position ${i + 1} (write \${name})`);
      out.push({ t: 'ref', v: m[1]! });
      i += m[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new ExprSyntaxError(`unterminated string starting at position ${i + 1}`);
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const op = /^(<=|>=|!=|=|<|>|\(|\)|,|\.)/.exec(src.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[0] });
      i += op[0].length;
      continue;
    }
    const word = /^[A-Za-z][A-Za-z0-9-]*/.exec(src.slice(i));
    if (word) {
      out.push({ t: 'word', v: word[0] });
      i += word[0].length;
      continue;
    }
    throw new ExprSyntaxError(`unexpected character '${c}' at position ${i + 1}`);
  }
  out.push({ t: 'end' });
  return out;
}

function describe(t: Token): string {
  if (t.t === 'end') return 'the end of the expression';
  if (t.t === 'ref') return `\${${t.v}}`;
  return `'${String(t.v)}'`;
}

const COMPARISONS = ['=', '!=', '<', '<=', '>', '>='];

/** Recursive descent over the tokens of one expression. */
class Parser {
  private p = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly functions: ReadonlyMap<string, number>,
  ) {}

  private peek(): Token {
    return this.tokens[this.p]!;
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === v;
  }

  private isWord(v: string): boolean {
    const t = this.peek();
    return t.t === 'word' && t.v.toLowerCase() === v;
  }

  private expect(v: string): void {
    if (!this.isOp(v)) throw new ExprSyntaxError(`expected '${v}' but found ${describe(this.peek())}`);
    this.p++;
  }

  /** The whole input as one expression (nothing may follow it). */
  all(): Expr {
    const tree = this.orExpr();
    const rest = this.peek();
    if (rest.t !== 'end') throw new ExprSyntaxError(`unexpected ${describe(rest)} after the expression`);
    return tree;
  }

  private orExpr(): Expr {
    let left = this.andExpr();
    while (this.isWord('or')) {
      this.p++;
      left = { kind: 'bin', op: 'or', left, right: this.andExpr() };
    }
    return left;
  }

  private andExpr(): Expr {
    let left = this.notExpr();
    while (this.isWord('and')) {
      this.p++;
      left = { kind: 'bin', op: 'and', left, right: this.notExpr() };
    }
    return left;
  }

  private notExpr(): Expr {
    if (this.isWord('not')) {
      this.p++;
      return { kind: 'not', arg: this.notExpr() };
    }
    return this.cmpExpr();
  }

  private cmpExpr(): Expr {
    const left = this.primary();
    const t = this.peek();
    if (t.t === 'op' && COMPARISONS.includes(t.v)) {
      this.p++;
      return { kind: 'bin', op: t.v as '=', left, right: this.primary() };
    }
    return left;
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.t === 'num' || t.t === 'str') {
      this.p++;
      return { kind: 'lit', value: t.v };
    }
    if (t.t === 'ref') {
      this.p++;
      return { kind: 'ref', name: t.v };
    }
    if (t.t === 'op' && t.v === '.') {
      this.p++;
      return { kind: 'self' };
    }
    if (t.t === 'op' && t.v === '(') {
      this.p++;
      const inner = this.orExpr();
      this.expect(')');
      return inner;
    }
    if (t.t === 'word') return this.wordOrCall(t.v);
    throw new ExprSyntaxError(`expected a value but found ${describe(t)}`);
  }

  /** `true`, `false`, or a call of one of the language's functions. */
  private wordOrCall(word: string): Expr {
    const w = word.toLowerCase();
    this.p++;
    if (w === 'true' || w === 'false') return { kind: 'lit', value: w === 'true' };
    const arity = FUNCTIONS[w] ?? this.functions.get(w);
    if (arity === undefined) throw new ExprSyntaxError(`unknown function or word '${word}'`);
    this.expect('(');
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      args.push(this.orExpr());
      while (this.isOp(',')) {
        this.p++;
        args.push(this.orExpr());
      }
    }
    this.expect(')');
    if (args.length !== arity) {
      throw new ExprSyntaxError(`${w}() takes ${arity} argument(s), got ${args.length}`);
    }
    return { kind: 'call', fn: w, args };
  }
}

/**
 * Parses an expression; throws ExprSyntaxError with a short reason. `functions`: the arity of
 * each function a registry adds to the language's own.
 */
export function parseExpr(src: string, functions: ReadonlyMap<string, number> = new Map()): Expr {
  return new Parser(tokenize(src), functions).all();
}

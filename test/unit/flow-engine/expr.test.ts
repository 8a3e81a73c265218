// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${name} is the flow expression syntax under test, not a template.
import { describe, expect, it } from 'vitest';
import { type ExprEnv, ExprSyntaxError, evalExpr, exprRefs } from '../../../src/flow-engine/expr.ts';
import { parseExpr } from '../../../src/flow-engine/expr-parse.ts';

function env(answers: Record<string, unknown>, self?: unknown): ExprEnv {
  return {
    answer: (name) => (answers[name] ?? null) as never,
    self: self as never,
    today: '2026-06-15',
    categoryType: (code) => (code === 'KARANG_TARUNA' ? 'ORGANISATION' : code ? 'PERSON' : ''),
    hasNomination: (code) => code === 'TKSK',
  };
}

const run = (src: string, answers: Record<string, unknown> = {}, self?: unknown) =>
  evalExpr(parseExpr(src), env(answers, self));

describe('expressions', () => {
  it('compares answers with literals', () => {
    expect(run("${category} = 'TKSK'", { category: 'TKSK' })).toBe(true);
    expect(run("${category} = 'TKSK'", { category: 'PSM' })).toBe(false);
    expect(run("${category} != 'TKSK'", {})).toBe(true);
  });

  it('combines with and / or / not and parentheses', () => {
    const a = { k: 'TAGANA', n: 3 };
    expect(run("${k} = 'TAGANA' and ${n} >= 3", a)).toBe(true);
    expect(run("not (${k} = 'TAGANA') or ${n} > 5", a)).toBe(false);
    expect(run("${k} = 'PSM' or ${k} = 'TAGANA'", a)).toBe(true);
  });

  it('compares numbers numerically and ISO dates as text', () => {
    expect(run('. <= 2026', {}, 2010)).toBe(true);
    expect(run('. <= 100', {}, '9')).toBe(true);
    expect(run('. < today()', {}, '2026-06-14')).toBe(true);
    expect(run('. < today()', {}, '2026-06-16')).toBe(false);
    expect(run('. <= year(today())', {}, 2027)).toBe(false);
  });

  it('knows selected, count-selected, string-length, regex and category-type', () => {
    expect(run("selected(${x}, 'b')", { x: ['a', 'b'] })).toBe(true);
    expect(run("selected(${x}, 'c')", { x: ['a', 'b'] })).toBe(false);
    expect(run('count-selected(${x}) = 2', { x: ['a', 'b'] })).toBe(true);
    expect(run('string-length(.) >= 3', {}, 'Ani')).toBe(true);
    expect(run("regex(., '^[0-9]{16}$')", {}, '6309011203850001')).toBe(true);
    expect(run("regex(., '^[0-9]{16}$')", {}, '63090112')).toBe(false);
    expect(run("category-type(${k}) = 'ORGANISATION'", { k: 'KARANG_TARUNA' })).toBe(true);
    expect(run('not(has-nomination(.))', {}, 'TKSK')).toBe(false);
    expect(run('not(has-nomination(.))', {}, 'PSM')).toBe(true);
  });

  it('lists the answers it reads', () => {
    expect(exprRefs(parseExpr("${a} = 'x' and selected(${b}, 'y')"))).toEqual(['a', 'b']);
  });

  it('rejects what does not parse, without evaluating anything', () => {
    for (const bad of [
      "${a} = = 'x'",
      "${a} = 'x",
      'process.exit(1)',
      '${a} = 1 and',
      'foo(1)',
      'today(1)',
      '$a = 1',
    ]) {
      expect(() => parseExpr(bad), bad).toThrow(ExprSyntaxError);
    }
  });
});

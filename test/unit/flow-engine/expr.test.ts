// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${name} is the flow expression syntax under test, not a template.
import { describe, expect, it } from 'vitest';
import { type ExprEnv, ExprSyntaxError, evalExpr, exprRefs } from '../../../src/flow-engine/expr.ts';
import { parseExpr } from '../../../src/flow-engine/expr-parse.ts';

function env(answers: Record<string, unknown>, self?: unknown): ExprEnv {
  return {
    answer: (name) => (answers[name] ?? null) as never,
    self: self as never,
    today: '2026-06-15',
    // Functions a registry adds (the app's: category-type, has-nomination), stubbed.
    call: (fn, [code]) =>
      fn === 'category-type'
        ? code === 'KARANG_TARUNA'
          ? 'ORGANISATION'
          : code
            ? 'PERSON'
            : ''
        : fn === 'has-nomination'
          ? code === 'TKSK'
          : null,
  };
}

const ADDED = new Map([
  ['category-type', 1],
  ['has-nomination', 1],
]);

const run = (src: string, answers: Record<string, unknown> = {}, self?: unknown) =>
  evalExpr(parseExpr(src, ADDED), env(answers, self));

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

  it('knows selected, count-selected, string-length, regex, and the functions a registry adds', () => {
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

  it('refuses a function no registry added', () => {
    expect(() => parseExpr("category-type('TKSK') = 'PERSON'")).toThrow(
      /unknown function or word 'category-type'/,
    );
    expect(() => parseExpr('has-nomination(.)', ADDED)).not.toThrow();
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

/** round4 and fixed4 take a shortcut past toFixed; they must give exactly what toFixed gives. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixed4, round4 } from '../../../src/domain/ranking/index.ts';

/** The definition: toFixed's decimal rounding of the exact binary value, read back; never -0. */
const reference = (x: number) => {
  const r = Number(x.toFixed(4));
  return r === 0 ? 0 : r;
};

/** Doubles near a 4-decimal half (k + 0.5) / 10⁴, where a shortcut could pick the wrong neighbour. */
const nearHalves = fc
  .tuple(fc.integer({ min: -2_000_000, max: 2_000_000 }), fc.integer({ min: -8, max: 8 }))
  .map(([k, ulps]) => {
    let x = (k + 0.5) / 10_000;
    for (let i = 0; i < Math.abs(ulps); i++) x = nextAfter(x, ulps > 0 ? Infinity : -Infinity);
    return x;
  });

function nextAfter(x: number, toward: number): number {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigInt64(0);
  const up = toward > x === x >= 0;
  buf.setBigInt64(0, x === 0 ? (toward > 0 ? 1n : -9223372036854775807n) : bits + (up ? 1n : -1n));
  return buf.getFloat64(0);
}

const anyDouble = fc.oneof(
  fc.double({ min: -200, max: 200, noNaN: true }),
  fc.double({ min: -1e12, max: 1e12, noNaN: true }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 10_000),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 3),
  nearHalves,
);

describe('round4 and fixed4', () => {
  it('equal Number(x.toFixed(4)) and round4(x).toFixed(4) for every double', () => {
    fc.assert(
      fc.property(anyDouble, (x) => {
        expect(round4(x)).toBe(reference(x));
        expect(fixed4(x)).toBe(reference(x).toFixed(4));
      }),
      { numRuns: 20_000 },
    );
  });

  it('rounds halves of the exact binary value away from zero', () => {
    expect(round4(1.00005)).toBe(reference(1.00005));
    expect(round4(0.00005)).toBe(0.0001);
    expect(round4(-0.00005)).toBe(-0.0001);
    expect(round4(-0.00004)).toBe(0);
    expect(Object.is(round4(-0.00001), 0)).toBe(true);
    expect(fixed4(87.5)).toBe('87.5000');
    expect(fixed4(-0.00001)).toBe('0.0000');
    expect(fixed4(-12.34567)).toBe('-12.3457');
    expect(fixed4(0.0001)).toBe('0.0001');
  });
});

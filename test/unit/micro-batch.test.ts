import { describe, expect, it } from 'vitest';
import { createMicroBatcher } from '../../src/app/micro-batch.ts';

/** A run function that records its batches and lets the test settle each one. */
function recorder() {
  const batches: { items: number[]; settle(error?: Error): void }[] = [];
  const run = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push({
        items,
        settle: (error) => (error ? reject(error) : resolve(items.map((i) => `r${i}`))),
      });
    });
  return { batches, run };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('createMicroBatcher', () => {
  it('puts items submitted together into one batch and gives each its own result', async () => {
    const { batches, run } = recorder();
    const submit = createMicroBatcher(run);
    const results = Promise.all([1, 2, 3].map(submit));
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1, 2, 3]]);
    batches[0]!.settle();
    expect(await results).toEqual(['r1', 'r2', 'r3']);
  });

  it('fills the next batch while every slot is busy, and sends it when one frees', async () => {
    const { batches, run } = recorder();
    const submit = createMicroBatcher(run, { maxInFlight: 1 });
    const first = submit(1);
    await tick();
    const later = [submit(2), submit(3)];
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    batches[0]!.settle();
    expect(await first).toBe('r1');
    await tick();
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3]]);
    batches[1]!.settle();
    expect(await Promise.all(later)).toEqual(['r2', 'r3']);
  });

  it('splits at maxBatch', async () => {
    const { batches, run } = recorder();
    const submit = createMicroBatcher(run, { maxBatch: 2, maxInFlight: 3 });
    const all = Promise.all([1, 2, 3, 4, 5].map(submit));
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3, 4], [5]]);
    for (const b of batches) b.settle();
    expect(await all).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('rejects every item of a failed batch and goes on with the next', async () => {
    const { batches, run } = recorder();
    const submit = createMicroBatcher(run);
    const failed = [submit(1), submit(2)].map((p) => p.catch((e: Error) => e.message));
    await tick();
    batches[0]!.settle(new Error('down'));
    expect(await Promise.all(failed)).toEqual(['down', 'down']);
    const next = submit(3);
    await tick();
    batches[1]!.settle();
    expect(await next).toBe('r3');
  });

  it('says when a batch ends with nothing else running or waiting', async () => {
    const { batches, run } = recorder();
    let idle = 0;
    const submit = createMicroBatcher(run, {
      maxInFlight: 1,
      onIdle: () => {
        idle++;
      },
    });
    const first = submit(1);
    await tick();
    const second = submit(2);
    batches[0]!.settle();
    await first;
    await tick();
    await tick();
    expect(idle).toBe(0); // the second item was waiting
    batches[1]!.settle();
    await second;
    await tick();
    expect(idle).toBe(1);
  });

  it('rejects the batch when run gives the wrong number of results', async () => {
    const submit = createMicroBatcher(async (items: number[]) => items.slice(1));
    await expect(Promise.all([submit(1), submit(2)])).rejects.toThrow('batch of 2 gave 1 results');
  });
});

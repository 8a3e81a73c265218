import { describe, expect, it } from 'vitest';
import { isTransientDbError, retryTransient } from '../../src/app/retry.ts';

describe('isTransientDbError', () => {
  it('recognises outages and lost races, also when wrapped', () => {
    expect(isTransientDbError(Object.assign(new Error('x'), { code: 'P1001' }))).toBe(true);
    expect(isTransientDbError(Object.assign(new Error('x'), { code: 'P2034' }))).toBe(true);
    expect(isTransientDbError(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(
      isTransientDbError(new Error('wrapped', { cause: Object.assign(new Error('y'), { code: '40001' }) })),
    ).toBe(true);
    expect(isTransientDbError({ name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } })).toBe(
      true,
    );
    expect(isTransientDbError(new Error('Connection terminated unexpectedly'))).toBe(true);
    // What Prisma's raw queries throw when the server is away (the message is generic).
    expect(
      isTransientDbError({
        code: 'P2010',
        message: 'Raw query failed.',
        meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } } },
      }),
    ).toBe(true);
  });
  it('does not retry real errors', () => {
    expect(isTransientDbError(Object.assign(new Error('Unique constraint'), { code: 'P2002' }))).toBe(false);
    expect(isTransientDbError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientDbError(null)).toBe(false);
    // Misconfiguration or a code problem, not an outage.
    expect(isTransientDbError({ name: 'DriverAdapterError', cause: { kind: 'DatabaseDoesNotExist' } })).toBe(
      false,
    );
    // The same missing database as Prisma's raw queries report it.
    expect(
      isTransientDbError({
        code: 'P2010',
        message: 'Raw query failed.',
        meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseDoesNotExist' } } },
      }),
    ).toBe(false);
    expect(
      isTransientDbError(
        Object.assign(new Error('Unable to start a transaction in the given time.'), { code: 'P2028' }),
      ),
    ).toBe(false);
    expect(
      isTransientDbError({
        code: 'P2028',
        message:
          'Transaction API error: Transaction already closed: the timeout for this transaction was 5000 ms.',
      }),
    ).toBe(false);
  });
});

describe('retryTransient', () => {
  const fakeClock = () => {
    let t = 0;
    return {
      now: () => t,
      sleep: async (ms: number) => {
        t += ms;
      },
    };
  };

  it('retries transient failures until success', async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await retryTransient(async () => {
      calls++;
      if (calls < 4) throw new Error('connect ECONNREFUSED');
      return 'ok';
    }, clock);
    expect(result).toBe('ok');
    expect(calls).toBe(4);
  });

  it('gives up at the deadline with the last error', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw new Error('connect ECONNREFUSED');
        },
        { ...clock, deadlineMs: 60_000 },
      ),
    ).rejects.toThrow('ECONNREFUSED');
    expect(calls).toBeGreaterThan(5);
    expect(clock.now()).toBe(60_000);
  });

  it('throws other errors at once', async () => {
    let calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw new TypeError('bug');
      }),
    ).rejects.toThrow('bug');
    expect(calls).toBe(1);
  });
});

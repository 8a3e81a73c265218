/** Result of GET /healthz. */
export interface HealthReport {
  ok: boolean;
  /** 'ok' or what went wrong, per dependency. */
  checks: Record<string, string>;
}

/** One dependency probe: resolves when healthy, throws otherwise. */
export type Probe = () => Promise<unknown>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Builds the health check over named probes (main.ts passes Postgres `SELECT 1` and Redis PING).
 * Probes run in parallel, each with a timeout, so a hung dependency cannot hang the check.
 */
export function createHealthCheck(
  probes: Record<string, Probe>,
  timeoutMs = 2000,
): () => Promise<HealthReport> {
  return async () => {
    const names = Object.keys(probes);
    const results = await Promise.allSettled(names.map((name) => withTimeout(probes[name]!(), timeoutMs)));
    const checks: Record<string, string> = {};
    results.forEach((result, i) => {
      checks[names[i]!] =
        result.status === 'fulfilled'
          ? 'ok'
          : `unreachable: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`;
    });
    return { ok: results.every((r) => r.status === 'fulfilled'), checks };
  };
}

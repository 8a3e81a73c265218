import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** The p-th percentile of an ascending array (nearest rank); NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** What the figures were measured on: timings here move with the load of a 2-core machine. */
export function machine(): { cpus: number; node: string; loadAvg1m: number } {
  return { cpus: os.cpus().length, node: process.version, loadAvg1m: Number(os.loadavg()[0]!.toFixed(2)) };
}

/** The median of some values (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** CPU seconds used so far by every process of this command name, others' too (Linux /proc; else 0). */
function processCpuSeconds(comm: string): number {
  let ticks = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== comm) continue;
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime + stime
      } catch {
        // The process ended meanwhile.
      }
    }
  } catch {
    return 0;
  }
  return ticks / 100;
}

/** CPU seconds of Redis and Postgres since `from` (take `from` with `serverCpu()`). */
export function serverCpu(from?: { redis: number; postgres: number }): { redis: number; postgres: number } {
  const now = { redis: processCpuSeconds('redis-server'), postgres: processCpuSeconds('postgres') };
  return from ? { redis: now.redis - from.redis, postgres: now.postgres - from.postgres } : now;
}

/**
 * A `seleksi worker` process for the broadcast bench (not a bench itself): the app's worker role
 * from the environment. Prints `READY`, then every 5 s `MEM {"rss":…,"heapUsed":…}` measured right
 * after a full collection when run with --expose-gc (what the worker retains, not its garbage).
 */
import pino from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { startApp } from '../src/main.ts';

const app = await startApp({
  config: loadConfig(),
  bot: false,
  worker: true,
  logger: pino({ level: process.env.BENCH_WORKER_LOG ?? 'warn' }),
});
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
await new Promise((resolve) => setTimeout(resolve, 500));
process.stdout.write('READY\n');
setInterval(() => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`MEM ${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed })}\n`);
}, 5000).unref();

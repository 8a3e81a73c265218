/**
 * A `seleksi worker` process for the broadcast bench (not a bench itself): the app's worker role
 * from the environment. Prints `READY`, then `MEM {"rss":…,"heapUsed":…}` every second.
 */
import pino from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { startApp } from '../src/main.ts';

const app = await startApp({
  config: loadConfig(),
  bot: false,
  worker: true,
  logger: pino({ level: 'warn' }),
});
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
await new Promise((resolve) => setTimeout(resolve, 500));
process.stdout.write('READY\n');
setInterval(() => {
  const m = process.memoryUsage();
  process.stdout.write(`MEM ${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed })}\n`);
}, 1000).unref();

/**
 * A `seleksi worker` process for the broadcast crash test (not a test file): the app's worker role
 * (submission worker and Telegram delivery worker) configured from the environment, with a short
 * BullMQ lock so that a SIGKILLed worker's chunk is taken up again within a few seconds. Prints
 * `READY` once its workers take jobs; exits 0 after SIGTERM.
 */
import pino from 'pino';
import { loadConfig } from '../../src/config/config.ts';
import { startApp } from '../../src/main.ts';

const app = await startApp({
  config: loadConfig(),
  bot: false,
  worker: true,
  logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
  broadcast: {
    workerOptions: { lockDuration: 2_000, stalledInterval: 1_000 },
    run: { statusPollMs: 300 },
  },
});
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
// The delivery workers connect in the background; give them a moment before saying ready.
await new Promise((resolve) => setTimeout(resolve, 500));
process.stdout.write('READY\n');

import type { Command } from 'commander';
import { serveUntilSignal } from '../serve-app.ts';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'Run only a submission worker (several may run) / jalankan worker penyimpanan saja (boleh beberapa)',
    )
    .action(async () => {
      await serveUntilSignal({ bot: false, worker: true });
    });
}

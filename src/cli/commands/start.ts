import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { hasMessenger } from '../../main.ts';
import { CliError } from '../errors.ts';
import { serveUntilSignal } from '../serve-app.ts';

/** With no messenger configured, `seleksi start` will open a terminal chat on demo data (B2's console). */
async function startConsoleDemo(): Promise<void> {
  throw new CliError(
    'no messenger configured: set TELEGRAM_BOT_TOKEN (the terminal demo is not available yet)',
  );
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description(
      'Run the bot(s) and the submission workers in one process / jalankan bot dan worker dalam satu proses',
    )
    .action(async () => {
      if (!hasMessenger(loadConfig())) {
        await startConsoleDemo();
        return;
      }
      await serveUntilSignal({ bot: true, worker: true });
    });
}

import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { hasMessenger } from '../../main.ts';
import { CliError } from '../errors.ts';
import { serveUntilSignal } from '../serve-app.ts';

export function registerBot(program: Command): void {
  program
    .command('bot')
    .description('Run only the messenger bot(s); workers run apart / jalankan bot saja (worker terpisah)')
    .action(async () => {
      if (!hasMessenger(loadConfig())) {
        throw new CliError('no messenger configured: set TELEGRAM_BOT_TOKEN or WHATSAPP_ENABLED=true');
      }
      await serveUntilSignal({ bot: true, worker: false });
    });
}

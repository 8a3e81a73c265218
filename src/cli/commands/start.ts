import type { Command } from 'commander';
import { ChatSetupError } from '../../channels/console/chat-setup.ts';
import { loadConfig } from '../../config/config.ts';
import { runConsoleDemo } from '../../console.ts';
import { FlowValidationError } from '../../flow-engine/load.ts';
import { hasMessenger } from '../../main.ts';
import { CliError } from '../errors.ts';
import { serveUntilSignal } from '../serve-app.ts';
import { regionsProgress } from './regions.ts';

/** The messenger-less `seleksi start`: demo data, then a terminal chat (console.ts). */
async function startConsoleDemo(): Promise<void> {
  process.stderr.write(
    'Tidak ada messenger yang dikonfigurasi (TELEGRAM_BOT_TOKEN / WHATSAPP_ENABLED): obrolan dibuka di terminal.\n' +
      '(No messenger configured: chatting in the terminal. Type DAFTAR <code> to register.)\n',
  );
  try {
    await runConsoleDemo({ regionsProgress: regionsProgress() });
  } catch (error) {
    if (error instanceof ChatSetupError) throw new CliError(error.message);
    if (error instanceof FlowValidationError) throw new CliError(`invalid flow: ${error.message}`);
    throw error;
  }
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

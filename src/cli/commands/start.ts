import type { Command } from 'commander';
import { ensureDemoData } from '../../app/demo-data.ts';
import { ChatSetupError, runChat } from '../../channels/console/run-chat.ts';
import { loadConfig } from '../../config/config.ts';
import { createPrisma } from '../../db/client.ts';
import { FlowValidationError } from '../../flow-engine/load.ts';
import { hasMessenger } from '../../main.ts';
import { CliError } from '../errors.ts';
import { serveUntilSignal } from '../serve-app.ts';
import { regionsProgress } from './regions.ts';

/**
 * With no messenger configured, `seleksi start` makes the database usable (regions, the example
 * seleksi and demo invites, when empty) and opens a terminal chat, so `npm start` works on a fresh
 * machine with only Postgres and Redis.
 */
async function startConsoleDemo(): Promise<void> {
  const config = loadConfig();
  process.stderr.write(
    'Tidak ada messenger yang dikonfigurasi (TELEGRAM_BOT_TOKEN / WHATSAPP_ENABLED): obrolan dibuka di terminal.\n' +
      '(No messenger configured: chatting in the terminal. Type DAFTAR <code> to register.)\n',
  );
  const prisma = createPrisma(config.DATABASE_URL);
  const progress = regionsProgress();
  try {
    await ensureDemoData(prisma, config.DATABASE_URL, { onRegionsProgress: progress.onProgress });
  } finally {
    progress.stop();
    await prisma.$disconnect();
  }
  try {
    await runChat({ config });
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

import { type Api, GrammyError, InputFile } from 'grammy';
import type { SendBudget } from '../../core/delivery.ts';
import type { OutboundFile, OutboundMessage } from '../../core/messages.ts';
import type { Logger } from '../../log.ts';
import type { ChoiceMemory } from './choice-memory.ts';
import { renderMessage } from './render.ts';

/** Telegram said no (4xx other than 429): retrying the same request cannot help. */
export function isPermanent(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code >= 400 &&
    error.error_code < 500 &&
    error.error_code !== 429
  );
}

/** What sending needs: the Bot API, the memory of the buttons shown, the shared budget. */
export interface SendDeps {
  api: Api;
  choices: ChoiceMemory;
  budget?: SendBudget | undefined;
  log: Logger;
}

/** Sends one outbound message: its text pieces (choices as inline keyboards), then its files. */
export async function sendRendered(deps: SendDeps, chatId: string, message: OutboundMessage): Promise<void> {
  if (message.choices && message.choices.length > 0)
    deps.choices.remember(chatId, message.token, message.choices);
  for (const piece of renderMessage(message)) {
    deps.budget?.debit();
    await deps.api.sendMessage(
      chatId,
      piece.text,
      piece.reply_markup ? { reply_markup: piece.reply_markup } : {},
    );
  }
  for (const file of message.files ?? []) await sendFile(deps, chatId, file);
}

/** A file asked for again (a dossier's photo): one that cannot be sent is named instead. */
async function sendFile(deps: SendDeps, chatId: string, file: OutboundFile): Promise<void> {
  const input = file.localPath ? new InputFile(file.localPath, file.fileName) : file.fileRef;
  const extra = file.caption ? { caption: file.caption } : {};
  deps.budget?.debit();
  try {
    if (file.kind === 'photo') await deps.api.sendPhoto(chatId, input, extra);
    else await deps.api.sendDocument(chatId, input, extra);
  } catch (error) {
    deps.log.warn({ err: error }, 'file not sent');
    await deps.api.sendMessage(chatId, `📎 ${file.fileName ?? file.caption ?? file.kind} ✗`);
  }
}

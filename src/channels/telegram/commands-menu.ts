import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { CHAT_COMMANDS } from '../../core/chat-commands.ts';

function menuIn(locale: 'id' | 'en'): BotCommand[] {
  return CHAT_COMMANDS.flatMap((c) => (c.menu ? [{ command: c.command, description: c.menu[locale] }] : []));
}

/** The command menu in Bahasa Indonesia (default for every language without its own list). */
export const COMMANDS_ID: BotCommand[] = menuIn('id');

/** The same menu for users whose Telegram is set to English (same command names: the flows know them). */
export const COMMANDS_EN: BotCommand[] = menuIn('en');

/** Publishes the command menu: id as the default, en for English-language clients. */
export async function setCommandMenu(api: Api): Promise<void> {
  await api.setMyCommands(COMMANDS_ID);
  await api.setMyCommands(COMMANDS_EN, { language_code: 'en' });
}

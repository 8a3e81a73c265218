import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { OutboundMessage } from '../../core/messages.ts';
import { encodeCallbackData } from './callback-data.ts';

/** Telegram's limit on one message's text. */
export const TELEGRAM_TEXT_MAX = 4096;

/** One sendMessage call. */
export interface TelegramMessage {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

/** Splits text into pieces of at most `max` characters, preferring line breaks. */
export function splitText(text: string, max = TELEGRAM_TEXT_MAX): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = max;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/** Button labels are numbered so people see what to type instead of pressing. */
function buttonLabel(index: number, label: string): string {
  const text = `${index + 1}. ${label}`;
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/**
 * Renders one channel-neutral message as Telegram messages: long text split at 4096 characters,
 * choices as an inline keyboard (one button per row; short labels two per row) on the last piece.
 */
export function renderMessage(message: OutboundMessage): TelegramMessage[] {
  const pieces = splitText(message.text.length > 0 ? message.text : '…');
  const out: TelegramMessage[] = pieces.map((text) => ({ text }));
  const choices = message.choices ?? [];
  if (choices.length === 0) return out;
  const buttons: InlineKeyboardButton[] = choices.map((choice, index) => ({
    text: buttonLabel(index, choice.label),
    callback_data: encodeCallbackData(message.token, index),
  }));
  const short = buttons.every((b) => b.text.length <= 18);
  const perRow = short && buttons.length > 3 ? 2 : 1;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  out[out.length - 1]!.reply_markup = { inline_keyboard: rows };
  return out;
}

/** The label a button showed, without the number prefix added by {@link renderMessage}. */
export function labelFromButton(text: string): string {
  return text.replace(/^\d+\.\s/, '').replace(/…$/, '');
}

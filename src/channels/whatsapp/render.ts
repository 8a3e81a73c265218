import type { OutboundMessage } from '../../core/messages.ts';
import { numberedText } from '../core/numbered.ts';

/** WhatsApp's limit on one text message (65,536), less room for safety. */
export const WHATSAPP_TEXT_MAX = 60_000;

/**
 * Renders one channel-neutral message as WhatsApp text messages: WhatsApp has no buttons for an
 * ordinary account, so choices become numbered options (`1. Label`) and the user types the number or
 * the label. Text beyond WhatsApp's limit goes into further messages, cut at a line break.
 */
export function renderWhatsappText(message: OutboundMessage): string[] {
  let rest = numberedText(message) || '…';
  const pieces: string[] = [];
  while (rest.length > WHATSAPP_TEXT_MAX) {
    let cut = rest.lastIndexOf('\n', WHATSAPP_TEXT_MAX);
    if (cut < WHATSAPP_TEXT_MAX / 2) cut = WHATSAPP_TEXT_MAX;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  pieces.push(rest);
  return pieces;
}

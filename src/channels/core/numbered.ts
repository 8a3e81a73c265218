import type { OutboundMessage } from './messages.ts';

/**
 * A message as plain text with its choices as numbered options (`1. Label`), for channels without
 * buttons (WhatsApp, the console): typing the number or the label answers.
 */
export function numberedText(message: OutboundMessage): string {
  const lines = [message.text];
  (message.choices ?? []).forEach((c, i) => {
    lines.push(`${i + 1}. ${c.label}`);
  });
  return lines.join('\n');
}

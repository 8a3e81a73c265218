import type { OutboundMessage } from '../core/messages.ts';

/**
 * Renders a message for the terminal: the text, then the choices as numbered options
 * (`1. Label`), as on WhatsApp; typing the number or the label answers.
 */
export function renderConsoleMessage(message: OutboundMessage): string {
  const lines = [message.text];
  const choices = message.choices ?? [];
  choices.forEach((c, i) => {
    lines.push(`${i + 1}. ${c.label}`);
  });
  return lines.join('\n');
}

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
  // Files cannot be sent here: say where each one is.
  for (const f of message.files ?? []) {
    lines.push(`📎 ${f.localPath ?? f.fileName ?? f.fileRef}${f.caption ? ` (${f.caption})` : ''}`);
  }
  return lines.join('\n');
}

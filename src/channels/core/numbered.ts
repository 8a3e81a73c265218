import type { OutboundMessage } from '../../core/messages.ts';

/**
 * A message as plain text with its choices as numbered options (`1. Label`), for channels without
 * buttons (WhatsApp, the console): typing the number or the label answers. `filePaths`: files are
 * listed by where they are saved (the console) instead of by name.
 */
export function numberedText(message: OutboundMessage, filePaths = false): string {
  const lines = [message.text];
  (message.choices ?? []).forEach((c, i) => {
    lines.push(`${i + 1}. ${c.label}`);
  });
  // Files are not sent here: named, or (the console, on the server's machine) where each one is.
  for (const f of message.files ?? []) {
    const where = filePaths ? (f.localPath ?? f.fileName ?? f.fileRef) : (f.fileName ?? f.kind);
    lines.push(`📎 ${where}${f.caption ? ` (${f.caption})` : ''}`);
  }
  return lines.join('\n');
}

import type { OutboundMessage } from '../../core/messages.ts';
import { numberedText } from '../core/numbered.ts';

/**
 * Renders a message for the terminal: the text, then the choices as numbered options
 * (`1. Label`), as on WhatsApp; typing the number or the label answers. A dossier's files are
 * printed as the paths of their saved copies.
 */
export function renderConsoleMessage(message: OutboundMessage): string {
  return numberedText(message, true);
}

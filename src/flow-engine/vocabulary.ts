import { CHAT_COMMANDS } from '../core/chat-commands.ts';

/** Default cap on typed text when a step sets no max_length. */
export const DEFAULT_MAX_TEXT = 1000;

/** Commands that work at every step, with their English aliases: word → command (core/chat-commands.ts). */
export const COMMAND_ALIASES: Record<string, string> = Object.fromEntries(
  CHAT_COMMANDS.filter((c) => c.builtin).flatMap((c) => [c.command, ...c.aliases].map((w) => [w, c.command])),
);

/** Words that skip an optional question. */
export const SKIP_WORDS = new Set(['-', 'lewati', 'skip']);
/** Words that end a photo / document question. */
export const DONE_WORDS = new Set(['selesai', 'done', 'sudah', 'finish']);
/** Words that confirm the summary. */
export const SUBMIT_WORDS = new Set(['kirim', 'ya', 'yes', 'submit', 'ok', 'send']);
/** Words that decline a question asked before going on. */
export const NO_WORDS = new Set(['tidak', 'no', 'jangan', 'batalkan']);
/** Words that ask to change an answer from the summary. */
export const EDIT_WORDS = new Set(['ubah', 'edit', 'change', 'ganti']);

/** The built-in command a typed text is (`/lanjut`, `Continue` → `lanjut`), or null. */
export function builtinCommandOf(text: string): string | null {
  const m = /^\s*\/?([A-Za-z]+)(?:@\w+)?\s*$/.exec(text);
  return m ? (COMMAND_ALIASES[m[1]!.toLowerCase()] ?? null) : null;
}

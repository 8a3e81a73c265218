import type { Choice } from '../../core/messages.ts';
import { tokenKey } from './callback-data.ts';
import { Lru } from './lru.ts';

/** The choices a question offered, remembered so a button press maps back to the stable value. */
export interface RememberedQuestion {
  token: string | undefined;
  values: string[];
  /** Several choices may be pressed one after another (keep the keyboard after a press). */
  multiple: boolean;
}

/**
 * Remembers recently rendered questions per chat (callback_data only carries token key + index,
 * because values may not fit in 64 bytes). When a press is not found here (bot restarted), the
 * adapter falls back to the button's label, which the flows also accept as a typed answer.
 */
export class ChoiceMemory {
  readonly #lru: Lru<string, RememberedQuestion>;

  constructor(capacity = 20_000) {
    this.#lru = new Lru(capacity);
  }

  remember(chatId: string, token: string | undefined, choices: Choice[], multiple = false): void {
    this.#lru.set(`${chatId}|${tokenKey(token)}`, { token, values: choices.map((c) => c.value), multiple });
  }

  recall(chatId: string, key: string): RememberedQuestion | undefined {
    return this.#lru.get(`${chatId}|${key}`);
  }
}

import { createRequire } from 'node:module';
import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  initAuthCreds,
  type SignalDataSet,
  type SignalDataTypeMap,
} from '@whiskeysockets/baileys';
import type { AuthKeyWrite, WhatsappAuthStore } from '../../db/whatsapp-auth.ts';

// Baileys re-exports `proto` in a way Node's ESM view of a CommonJS module does not see: require it.
const { proto } = createRequire(import.meta.url)(
  '@whiskeysockets/baileys',
) as typeof import('@whiskeysockets/baileys');

/**
 * Baileys' auth state (credentials and Signal keys) kept in Postgres through a
 * {@link WhatsappAuthStore}, instead of Baileys' folder of JSON files: a restart, or another host,
 * keeps the pairing. Values are stored as Baileys' BufferJSON documents (buffers as base64).
 */

/** An auth state plus how to save its credentials and how to forget it all. */
export interface StoredAuthState {
  state: AuthenticationState;
  /** Stores the current credentials (Baileys emits `creds.update` after changing them in place). */
  saveCreds(): Promise<void>;
  /**
   * True once the number was paired: the credentials name the account and hold its signed device
   * identity (`me` alone is set early by a pairing-code request, before the pairing is done).
   */
  readonly paired: boolean;
  /** Forgets the credentials and keys (after a logout: the next start pairs again). */
  clear(): Promise<void>;
}

/** A value as a JSON document for jsonb (buffers become `{ type: 'Buffer', data: base64 }`). */
function toDocument(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, BufferJSON.replacer));
}

/** A stored JSON document back as Baileys' value (buffers restored). */
function fromDocument<T>(document: unknown): T {
  return JSON.parse(JSON.stringify(document), BufferJSON.reviver) as T;
}

/**
 * Loads the auth state of the store's number: the stored credentials, or fresh ones (unpaired)
 * when there are none. Keys are read on demand; every `keys.set` is written in one transaction.
 */
export async function loadAuthState(store: WhatsappAuthStore): Promise<StoredAuthState> {
  const stored = await store.readCreds();
  const creds: AuthenticationCreds = stored ? fromDocument<AuthenticationCreds>(stored) : initAuthCreds();
  return {
    state: {
      creds,
      keys: {
        async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
          const found = await store.readKeys(type, ids);
          const out: { [id: string]: SignalDataTypeMap[T] } = {};
          for (const [id, document] of found) {
            let value = fromDocument<SignalDataTypeMap[T]>(document);
            if (type === 'app-state-sync-key') {
              value = proto.Message.AppStateSyncKeyData.fromObject(
                value as object,
              ) as unknown as SignalDataTypeMap[T];
            }
            out[id] = value;
          }
          return out;
        },
        async set(data: SignalDataSet) {
          const writes: AuthKeyWrite[] = [];
          for (const [kind, entries] of Object.entries(data)) {
            for (const [key, value] of Object.entries(entries ?? {})) {
              writes.push({ kind, key, value: value ? toDocument(value) : null });
            }
          }
          await store.writeKeys(writes);
        },
      },
    },
    saveCreds: () => store.writeCreds(toDocument(creds)),
    get paired() {
      return Boolean(creds.me?.id && creds.account);
    },
    clear: () => store.clear(),
  };
}

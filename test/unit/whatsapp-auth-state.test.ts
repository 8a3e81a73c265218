import { describe, expect, it } from 'vitest';
import { loadAuthState } from '../../src/channels/whatsapp/auth-state.ts';
import type { AuthKeyWrite, WhatsappAuthStore } from '../../src/db/whatsapp-auth.ts';

/** The store's contract in memory (Postgres in production: src/db/whatsapp-auth.ts). */
function memoryStore() {
  const rows = new Map<string, unknown>();
  const batches: AuthKeyWrite[][] = [];
  const store: WhatsappAuthStore = {
    async readCreds() {
      return rows.get('creds/') ?? null;
    },
    async writeCreds(value) {
      rows.set('creds/', JSON.parse(JSON.stringify(value)));
    },
    async readKeys(kind, keys) {
      return new Map(keys.filter((k) => rows.has(`${kind}/${k}`)).map((k) => [k, rows.get(`${kind}/${k}`)]));
    },
    async writeKeys(writes) {
      batches.push([...writes]);
      for (const w of writes) {
        if (w.value === null) rows.delete(`${w.kind}/${w.key}`);
        else rows.set(`${w.kind}/${w.key}`, JSON.parse(JSON.stringify(w.value)));
      }
    },
    async clear() {
      rows.clear();
    },
  };
  return { store, rows, batches };
}

describe('WhatsApp auth state over a store', () => {
  it('starts unpaired with fresh credentials and keeps buffers across a save and a reload', async () => {
    const { store } = memoryStore();
    const first = await loadAuthState(store);
    expect(first.paired).toBe(false);
    Object.assign(first.state.creds, {
      me: { id: '6281100000001:7@s.whatsapp.net' },
      account: { details: Buffer.from('d') },
    });
    await first.saveCreds();
    const again = await loadAuthState(store);
    expect(again.paired).toBe(true);
    expect(Buffer.isBuffer(again.state.creds.noiseKey.private)).toBe(true);
    expect(Buffer.compare(again.state.creds.noiseKey.private, first.state.creds.noiseKey.private)).toBe(0);
  });

  it('writes one keys.set as one batch (set and delete together) and reads values back as Baileys gave them', async () => {
    const { store, batches } = memoryStore();
    const { state } = await loadAuthState(store);
    await state.keys.set({
      'pre-key': { '1': { public: Buffer.alloc(32, 1), private: Buffer.alloc(32, 2) }, '2': null },
      session: { 'a.0': Buffer.from('s') },
      'app-state-sync-key': { K1: { keyData: Buffer.from('k'), timestamp: 5 } },
    });
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((w) => `${w.kind}/${w.key}/${w.value === null ? 'delete' : 'set'}`)).toEqual([
      'pre-key/1/set',
      'pre-key/2/delete',
      'session/a.0/set',
      'app-state-sync-key/K1/set',
    ]);
    const preKeys = await state.keys.get('pre-key', ['1', '2']);
    expect(Object.keys(preKeys)).toEqual(['1']);
    expect(Buffer.isBuffer(preKeys['1']!.public)).toBe(true);
    const syncKey = (await state.keys.get('app-state-sync-key', ['K1'])).K1!;
    // Baileys expects the protobuf class here, not a plain object.
    expect(syncKey.constructor.name).toBe('AppStateSyncKeyData');
  });
});

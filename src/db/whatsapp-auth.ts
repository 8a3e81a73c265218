import type { PrismaClient } from './client.ts';

/**
 * The WhatsApp auth state of one number in `whatsapp_auth`: its credentials (kind `creds`, key '') and
 * its Signal keys (kind = key type, key = key id). Values are JSON documents the channel serialised
 * (Baileys' BufferJSON); this module knows nothing of Baileys.
 */

/** The kind of the credentials row. */
export const CREDS_KIND = 'creds';

/** One key to write: a value, or null to delete it. */
export interface AuthKeyWrite {
  kind: string;
  key: string;
  /** JSON document, or null to delete the key. */
  value: unknown;
}

/** Reads and writes one number's auth state. */
export interface WhatsappAuthStore {
  /** The stored credentials, or null before the first pairing. */
  readCreds(): Promise<unknown | null>;
  writeCreds(value: unknown): Promise<void>;
  /** The values of these keys of one kind (missing keys are absent from the result). */
  readKeys(kind: string, keys: readonly string[]): Promise<Map<string, unknown>>;
  /** Writes and deletes keys in one transaction: all of them or none. */
  writeKeys(writes: readonly AuthKeyWrite[]): Promise<void>;
  /** Forgets the number's whole auth state (after a logout). */
  clear(): Promise<void>;
}

/** The auth store of `account` in Postgres, through Prisma. */
export function createWhatsappAuthStore(prisma: PrismaClient, account: string): WhatsappAuthStore {
  return {
    async readCreds() {
      const row = await prisma.whatsappAuth.findUnique({
        where: { account_kind_key: { account, kind: CREDS_KIND, key: '' } },
        select: { value: true },
      });
      return row?.value ?? null;
    },

    async writeCreds(value) {
      await prisma.whatsappAuth.upsert({
        where: { account_kind_key: { account, kind: CREDS_KIND, key: '' } },
        create: { account, kind: CREDS_KIND, key: '', value: value as object },
        update: { value: value as object, updatedAt: new Date() },
      });
    },

    async readKeys(kind, keys) {
      if (keys.length === 0) return new Map();
      const rows = await prisma.whatsappAuth.findMany({
        where: { account, kind, key: { in: [...keys] } },
        select: { key: true, value: true },
      });
      return new Map(rows.map((r) => [r.key, r.value]));
    },

    async writeKeys(writes) {
      const upserts = writes.filter((w) => w.value !== null && w.value !== undefined);
      const deletes = writes.filter((w) => w.value === null || w.value === undefined);
      if (upserts.length === 0 && deletes.length === 0) return;
      // One transaction of two statements over bound arrays: a batch of Signal keys (a session and
      // the pre-keys it used) is stored whole or not at all.
      await prisma.$transaction([
        prisma.$executeRaw`
          INSERT INTO whatsapp_auth (account, kind, key, value, updated_at)
          SELECT ${account}, w.kind, w.key, w.value::jsonb, now()
            FROM unnest(${upserts.map((w) => w.kind)}::text[], ${upserts.map((w) => w.key)}::text[],
                        ${upserts.map((w) => JSON.stringify(w.value))}::text[]) AS w(kind, key, value)
          ON CONFLICT (account, kind, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        prisma.$executeRaw`
          DELETE FROM whatsapp_auth a
           USING unnest(${deletes.map((w) => w.kind)}::text[], ${deletes.map((w) => w.key)}::text[]) AS d(kind, key)
           WHERE a.account = ${account} AND a.kind = d.kind AND a.key = d.key`,
      ]);
    },

    async clear() {
      await prisma.whatsappAuth.deleteMany({ where: { account } });
    },
  };
}

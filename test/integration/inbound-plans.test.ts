import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_CHATS } from '../../src/db/chat-sql.ts';
import { createPgPool } from '../../src/db/client.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

// The batched read runs as a named prepared statement; after a few runs Postgres may switch to a
// generic plan, which cannot see how many chats a batch holds. Every table must still be read by
// index per chat: a hash of a whole table would make each batch cost as much as the table is big.
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb('inbound_plans');
  await db.prisma.$executeRawUnsafe(
    `INSERT INTO person (id, name) SELECT 'p' || g, 'Orang ' || g FROM generate_series(1, 100) g`,
  );
  await db.prisma.$executeRawUnsafe(
    `INSERT INTO channel_identity (id, person_id, channel, external_id)
     SELECT 'ci' || g, 'p' || g, 'TELEGRAM', 'c' || g FROM generate_series(1, 100) g`,
  );
  await db.prisma.$executeRawUnsafe(
    `INSERT INTO conversation_session (id, channel, external_id, state, updated_at)
     SELECT 's' || g, 'TELEGRAM', 'c' || g, '{}', now() FROM generate_series(1, 100) g`,
  );
  // Fresh tables, no statistics yet (as on a new install's first busy hour).
  await db.prisma.$executeRawUnsafe(
    `INSERT INTO processed_inbound (channel, message_id)
     SELECT 'TELEGRAM', 'old-' || g FROM generate_series(1, 300) g`,
  );
});
afterAll(async () => {
  await db.drop();
});

describe('the batched chat read', () => {
  it('looks each message id and chat up by index, also as a generic plan', async () => {
    const pool = createPgPool(db.url, 1);
    const client = await pool.connect();
    try {
      await client.query('SET plan_cache_mode = force_generic_plan');
      await client.query(`PREPARE load_chats(text, text[], text[], text, text[]) AS ${READ_CHATS.text}`);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN EXECUTE load_chats('TELEGRAM', ARRAY['1'], ARRAY['m1'], '${new Date().toISOString()}', ARRAY['telegram:1'])`,
      );
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index (Only )?Scan using processed_inbound_pkey/);
      expect(plan).toMatch(
        /Index Cond: \(\(channel = \(\$1\)::"Channel"\) AND \(message_id = chat\.message_id\)\)/,
      );
      expect(plan).toMatch(/conversation_session_channel_external_id_key/);
      expect(plan).toMatch(/channel_identity_channel_external_id_key/);
      expect(plan).toMatch(/person_pkey/);
      expect(plan).not.toMatch(
        /Seq Scan on (processed_inbound|conversation_session|channel_identity|person)/,
      );
      expect(plan).not.toMatch(/hashed SubPlan/i);
      // And the statement reads what it should: a new message id of an unknown chat.
      const result = await client.query(
        `EXECUTE load_chats('TELEGRAM', ARRAY['c7', 'nobody'], ARRAY['old-7', 'new'], '${new Date().toISOString()}',
                          ARRAY['telegram:c7', 'telegram:nobody'])`,
      );
      expect(result.rows.map((r) => [r.ord, r.fresh, r.busy, r.session_id, r.person_id])).toEqual([
        [1, 0, 0, 's7', 'p7'],
        [2, 1, 0, null, null],
      ]);
    } finally {
      client.release();
      await pool.end();
    }
  });
});

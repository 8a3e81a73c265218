import type { Statement } from './statement.ts';

/**
 * The chat store's SQL (see chat-store.ts, which runs it): one read of many chats, one write of
 * many chats, and the chat's lock. The batched hot path runs them on a pool, each its own
 * transaction, over the messages of many chats at once; the locked path runs the same read and
 * write for one chat inside a transaction that holds the chat's advisory lock ({@link LOCK_CHAT}).
 */

/**
 * What is stored about a chat, as the columns of a ChatRow (chat-store.ts) after `fresh`: its session row,
 * its person and current membership — the most recent membership, and among memberships created at
 * the same moment the newest seleksi — the person's pending submissions, and an officer's
 * kabupaten's nominations (a juror's lists are read apart, bounded: src/db/juror-sql.ts).
 * Selected from a relation `chat(chat_id, …)`; $1 is the channel, $4 now (ISO).
 */
const CHAT_COLUMNS = `
         cs.id AS session_id, cs.state AS session_state, cs.version AS session_version,
         cs.locale AS session_locale,
         ci.id AS identity_id,
         (ci.last_inbound_at IS NULL
           OR ci.last_inbound_at < ($4::timestamptz AT TIME ZONE 'UTC') - interval '60 seconds') AS touch_due,
         p.id AS person_id, p.name AS person_name, p.locale AS person_locale,
         mm.role, mm.region_code, mm.categories, mm.seleksi_id, mm.seleksi_code, mm.seleksi_name, mm.phase,
         (SELECT count(*)::int FROM submission sb
           WHERE sb.person_id = p.id AND sb.seleksi_id = mm.seleksi_id AND sb.status = 'PENDING') AS pending,
         CASE
           WHEN mm.role = 'OFFICER' THEN (
             SELECT coalesce(json_agg(json_build_object(
                      'id', n.id, 'number', n.number, 'nominee_name', n.nominee_name,
                      'region_code', n.region_code, 'answers', n.answers, 'category_code', c.code)
                    ORDER BY n.number), '[]'::json)
               FROM nomination n JOIN category c ON c.id = n.category_id
              WHERE n.seleksi_id = mm.seleksi_id AND n.region_code = mm.region_code AND n.status = 'SUBMITTED')
         END AS nominations`;

/**
 * The joins {@link CHAT_COLUMNS} reads from, for each row of `chat`: one index lookup per chat and
 * table. They are LATERAL with LIMIT 1 (all unique keys anyway) so that the plan stays a nested loop
 * of lookups even as a generic plan of a prepared statement, where the planner cannot see how many
 * chats the batch has and would otherwise hash whole tables for one chat.
 */
const CHAT_JOINS = `
    LEFT JOIN LATERAL (
      SELECT * FROM conversation_session cs
       WHERE cs.channel = $1::"Channel" AND cs.external_id = chat.chat_id LIMIT 1
    ) cs ON true
    LEFT JOIN LATERAL (
      SELECT * FROM channel_identity ci
       WHERE ci.channel = $1::"Channel" AND ci.external_id = chat.chat_id LIMIT 1
    ) ci ON true
    LEFT JOIN LATERAL (SELECT * FROM person p WHERE p.id = ci.person_id LIMIT 1) p ON true
    LEFT JOIN LATERAL (
      SELECT m.role::text AS role, m.region_code, m.categories, s.id AS seleksi_id, s.code AS seleksi_code,
             s.name AS seleksi_name, s.phase::text AS phase
        FROM membership m JOIN seleksi s ON s.id = m.seleksi_id
       WHERE m.person_id = p.id
       ORDER BY m.created_at DESC, s.created_at DESC
       LIMIT 1
    ) mm ON true`;

/**
 * Reads the chats of many messages of one channel in one statement, without recording the
 * message ids (`fresh` = 0 when the id is already recorded). Writes nothing; it only tries each
 * chat's advisory lock (`busy` = 1 when another transaction holds it: released at once when the
 * statement is its own transaction; under the chat's own lock it is the caller's and reads 0).
 *
 * $1 channel, $2 chat ids (text[]), $3 message ids (text[], same order), $4 now (ISO), $5 the
 * chats' lock keys (text[], same order; see chatLockKey).
 */
export const READ_CHATS: Statement = {
  name: 'chat_read',
  text: `
  SELECT chat.ord::int AS ord,
         (seen.message_id IS NULL)::int AS fresh,
         (NOT pg_try_advisory_xact_lock(hashtext(chat.lock_key)))::int AS busy,
         ${CHAT_COLUMNS}
    FROM unnest($2::text[], $3::text[], $5::text[]) WITH ORDINALITY AS chat(chat_id, message_id, lock_key, ord)
    -- A lookup per message: as a generic plan, a NOT EXISTS became a hash of every id of the channel.
    LEFT JOIN LATERAL (
      SELECT pi.message_id FROM processed_inbound pi
       WHERE pi.channel = $1::"Channel" AND pi.message_id = chat.message_id LIMIT 1
    ) seen ON true ${CHAT_JOINS}`,
};

/**
 * A submission's `created_at`: the moment its user confirmed, on the database clock, taken while the
 * statement holds its seleksi row (see {@link PHASE_MOVED}), so no phase change falls between it and
 * the phase the user was shown. The worker judges the submission by the phase in force at this time.
 */
const CONFIRMED_AT = `clock_timestamp() AT TIME ZONE 'UTC'`;

/**
 * How many of the submissions were confirmed under a phase that is no longer the seleksi's (each
 * submission carries `phase`, the phase the flow engine saw). Each seleksi row is read FOR KEY SHARE:
 * a phase change (which holds the row FOR UPDATE, see src/db/phase-sql.ts) either waits for this
 * statement to commit, or has committed first and the row is then read as it changed. A count above
 * zero fails the write like a version conflict: the message is handled again with the new phase, so
 * its user never sees "sedang diproses" for something the new phase refuses.
 */
const PHASE_MOVED = (submissions: string) => `
    SELECT count(*) FILTER (WHERE cur.phase IS DISTINCT FROM x.phase) AS n
      FROM ${submissions} AS x(seleksi_id text, phase text)
     CROSS JOIN LATERAL (SELECT s.phase::text AS phase FROM seleksi s WHERE s.id = x.seleksi_id FOR KEY SHARE) cur`;

/**
 * Everything the messages of one or more chats write, in one statement (so one transaction): each
 * session with its new version only if the stored one is still `version - 1`, each message id into
 * the dedupe table, the submissions into the outbox (refused when their seleksi's phase moved, see
 * PHASE_MOVED), the identities' last_inbound_at and the persons' locales. It takes each chat's
 * advisory lock for its transaction without waiting (a lock the transaction already holds is
 * free to it). Unless every lock was free, every session was saved, every message id was new and
 * no phase moved, the statement fails with a division by zero (SQLSTATE 22012, see chat-store.ts)
 * and writes nothing.
 *
 * $1 channel, $2 the writes (json array of ChatWrite with `lock_key`), $3 now (ISO), $4 number of
 * writes.
 */
export const WRITE_CHATS: Statement = {
  name: 'chat_write',
  text: `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(
      id text, chat_id text, lock_key text, message_id text, person_id text, locale text, state jsonb, version int,
      touch text, relocalise text, submissions jsonb)
  ), locked AS (
    SELECT count(*) FILTER (WHERE pg_try_advisory_xact_lock(hashtext(lock_key))) AS n FROM input
  ), saved AS (
    INSERT INTO conversation_session AS cs (id, channel, external_id, person_id, locale, state, version, updated_at)
    SELECT id, $1::"Channel", chat_id, person_id, locale, state, version, now() FROM input
    ON CONFLICT (channel, external_id) DO UPDATE
       SET state = excluded.state, version = excluded.version, locale = excluded.locale,
           person_id = excluded.person_id, updated_at = excluded.updated_at
     WHERE cs.version = excluded.version - 1
    RETURNING 1
  ), deduped AS (
    INSERT INTO processed_inbound (channel, message_id)
    SELECT $1::"Channel", message_id FROM input
    ON CONFLICT DO NOTHING RETURNING 1
  ), submitted AS (
    INSERT INTO submission (id, kind, seleksi_id, person_id, channel, external_id, payload, created_at)
    SELECT s.id, s.kind::"SubmissionKind", s.seleksi_id, s.person_id, $1::"Channel", i.chat_id, s.payload,
           ${CONFIRMED_AT}
      FROM input i
     CROSS JOIN LATERAL jsonb_to_recordset(i.submissions)
           AS s(id text, kind text, seleksi_id text, person_id text, payload jsonb)
    RETURNING 1
  ), moved AS (${PHASE_MOVED('input i CROSS JOIN LATERAL jsonb_to_recordset(i.submissions)')}
  ), touched AS (
    UPDATE channel_identity SET last_inbound_at = $3::timestamptz AT TIME ZONE 'UTC'
     WHERE id IN (SELECT touch FROM input WHERE touch IS NOT NULL)
    RETURNING 1
  ), relocalised AS (
    UPDATE person p SET locale = i.relocalise FROM input i
     WHERE p.id = i.person_id AND i.relocalise IS NOT NULL
    RETURNING 1
  )
  SELECT 1 / ((SELECT n FROM locked) = $4::int AND (SELECT count(*) FROM saved) = $4::int
               AND (SELECT count(*) FROM deduped) = $4::int AND (SELECT n FROM moved) = 0)::int AS saved,
         (SELECT count(*)::int FROM submitted) AS submitted`,
};

/** Waits for the chat's advisory lock, held until the transaction ends. $1 the lock key. */
export const LOCK_CHAT: Statement = {
  name: 'chat_lock',
  text: 'SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked',
};

/** Forgets up to 10,000 message ids recorded before $1 (ISO). */
export const PRUNE_MESSAGE_IDS: Statement = {
  name: 'chat_prune_message_ids',
  text: `
  DELETE FROM processed_inbound WHERE ctid IN (
    SELECT ctid FROM processed_inbound WHERE processed_at < $1::timestamptz AT TIME ZONE 'UTC' LIMIT 10000)`,
};

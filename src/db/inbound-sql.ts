import type { Tx } from './client.ts';

/**
 * The inbound handler's statements. The locked path runs {@link LOAD_CHAT} and {@link SAVE_CHAT}
 * in a Prisma interactive transaction under the chat's advisory lock (registrations, batches that
 * lost a race, and callers that have no pool). The hot path runs {@link LOAD_CHATS} and
 * {@link SAVE_CHATS} on a node-postgres pool as named prepared statements, each over the messages
 * of many chats at once (see src/app/inbound-batch.ts).
 */

/** A statement: its SQL with $n parameters, and its name as a prepared statement. */
export interface Statement {
  name: string;
  text: string;
}

/** Runs one parameterised statement inside the current transaction. */
export interface Sql {
  /** Runs a statement; `last` marks the transaction's final statement. */
  query<T>(statement: Statement, values: unknown[], last?: boolean): Promise<T[]>;
  /** Takes the chat's advisory lock (the transaction is open after this). */
  lock(key: string): Promise<void>;
}

/** Runs statements outside a transaction of its own (reads). */
export type SqlQuery = Pick<Sql, 'query'>;

/** A Sql over a Prisma interactive transaction (already begun). */
export function prismaSql(tx: Tx): Sql {
  return {
    async query<T>(statement: Statement, values: unknown[], _last?: boolean) {
      return tx.$queryRawUnsafe<T[]>(statement.text, ...values);
    },
    async lock(key) {
      await tx.$queryRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked', key);
    },
  };
}

/** A chat as {@link LOAD_CHAT} returns it. */
export interface ChatRow {
  /** 1 when this message id was new (its dedupe row inserted), 0 for a repeat. */
  fresh: number;
  session_id: string | null;
  session_state: unknown;
  session_version: number | null;
  session_locale: string | null;
  identity_id: string | null;
  /** The identity's last_inbound_at is missing or older than a minute. */
  touch_due: boolean | null;
  person_id: string | null;
  person_name: string | null;
  person_locale: string | null;
  role: 'OFFICER' | 'JUROR' | 'MEMBER' | 'ADMIN' | null;
  region_code: string | null;
  categories: string[] | null;
  seleksi_id: string | null;
  seleksi_code: string | null;
  seleksi_name: string | null;
  phase: 'DRAFT' | 'NOMINATION' | 'SCORING' | 'CLOSED' | 'PUBLISHED' | null;
  pending: number;
  /** The officer's kabupaten's nominations: json (an array of NomineeRow), or text with some drivers. */
  nominations: unknown;
}

/**
 * What is stored about a chat, as the columns of {@link ChatRow} after `fresh`: its session row,
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
 * Records the message id (dedupe; `fresh` = 0 for a repeat) and reads everything stored about the
 * chat ({@link CHAT_COLUMNS}) in the same statement. Run under the chat's lock, as its own
 * statement, so its snapshot sees what the previous message of the chat wrote.
 *
 * $1 channel, $2 chat id, $3 message id, $4 now (ISO).
 */
const LOAD_CHAT_SQL = `
  WITH fresh AS (
    INSERT INTO processed_inbound (channel, message_id) VALUES ($1::"Channel", $3)
    ON CONFLICT DO NOTHING RETURNING 1
  )
  SELECT (SELECT count(*)::int FROM fresh) AS fresh, ${CHAT_COLUMNS}
    FROM (SELECT $2::text AS chat_id) AS chat ${CHAT_JOINS}`;

/** See {@link LOAD_CHAT_SQL}. */
export const LOAD_CHAT: Statement = {
  name: 'inbound_load_chat',
  text: LOAD_CHAT_SQL,
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
 * Everything one message writes, in one statement: the session with version + 1 only if the
 * stored version is still the one read and every submission's seleksi is still in the phase the
 * engine saw (otherwise the statement fails, see isVersionConflict), the submissions into the outbox, the identity's last_inbound_at (when due) and the person's locale
 * (after `set_locale`).
 *
 * $1 new session id, $2 channel, $3 chat id, $4 person id, $5 session locale, $6 state (json text),
 * $7 new version, $8 version read (0 for a new chat), $9 submissions (json array of
 * {id, kind, seleksi_id, person_id, payload, phase}), $10 identity id to touch or null, $11 now (ISO),
 * $12 person id whose locale changes or null, $13 that locale.
 */
const SAVE_CHAT_SQL = `
  WITH saved AS (
    INSERT INTO conversation_session AS cs (id, channel, external_id, person_id, locale, state, version, updated_at)
    VALUES ($1, $2::"Channel", $3, $4, $5, $6::jsonb, $7::int, now())
    ON CONFLICT (channel, external_id) DO UPDATE
       SET state = excluded.state, version = excluded.version, locale = excluded.locale,
           person_id = excluded.person_id, updated_at = excluded.updated_at
     WHERE cs.version = $8::int
    RETURNING 1
  ), submitted AS (
    INSERT INTO submission (id, kind, seleksi_id, person_id, channel, external_id, payload, created_at)
    SELECT x.id, x.kind::"SubmissionKind", x.seleksi_id, x.person_id, $2::"Channel", $3, x.payload,
           ${CONFIRMED_AT}
      FROM jsonb_to_recordset($9::jsonb) AS x(id text, kind text, seleksi_id text, person_id text, payload jsonb)
    RETURNING 1
  ), moved AS (${PHASE_MOVED('jsonb_to_recordset($9::jsonb)')}
  ), touched AS (
    UPDATE channel_identity SET last_inbound_at = $11::timestamptz AT TIME ZONE 'UTC' WHERE id = $10 RETURNING 1
  ), relocalised AS (
    UPDATE person SET locale = $13 WHERE id = $12 RETURNING 1
  )
  SELECT 1 / ((SELECT count(*) FROM saved) = 1 AND (SELECT n FROM moved) = 0)::int AS saved,
         (SELECT count(*)::int FROM submitted) AS submitted`;

/** See {@link SAVE_CHAT_SQL}. */
export const SAVE_CHAT: Statement = {
  name: 'inbound_save_chat',
  text: SAVE_CHAT_SQL,
};

/**
 * True for the error SAVE_CHAT raises when the session's version moved: it divides by the number
 * of rows saved, so a lost race fails the statement (and skips a COMMIT sent with it).
 */
export function isVersionConflict(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { code?: unknown }; message?: unknown } | null;
  return (
    e?.code === '22012' || e?.meta?.code === '22012' || /division by zero/i.test(String(e?.message ?? ''))
  );
}

/*
 * The batched hot path (see src/app/inbound-batch.ts): the messages of many chats handled at the
 * same moment share one read statement and one write statement, each its own transaction, instead
 * of two round trips and a transaction per message. No lock is taken: messages of one chat are
 * handled in order inside the process, and the write checks every session's version and every
 * message id, so a batch that raced another process fails as a whole and its messages are handled
 * again, one by one, on the locked path.
 */

/** One chat of a batched read (see {@link LOAD_CHATS}): `ord` is its 1-based place in the input. */
export interface BatchChatRow extends ChatRow {
  ord: number;
  /** 1 when another transaction holds the chat's advisory lock (the locked path is at work on it). */
  busy: number;
}

/**
 * Reads the chats of many messages of one channel in one statement, without recording the
 * message ids (`fresh` = 0 when the id is already recorded). Writes nothing; it only tries each
 * chat's advisory lock (`busy` = 1 when another transaction holds it; released at once).
 *
 * $1 channel, $2 chat ids (text[]), $3 message ids (text[], same order), $4 now (ISO), $5 the
 * channel's name in lock keys (`telegram`: keys are `telegram:<chat id>`, as on the locked path).
 */
export const LOAD_CHATS: Statement = {
  name: 'inbound_load_chats',
  text: `
  SELECT chat.ord::int AS ord,
         (seen.message_id IS NULL)::int AS fresh,
         (NOT pg_try_advisory_xact_lock(hashtext($5 || ':' || chat.chat_id)))::int AS busy,
         ${CHAT_COLUMNS}
    FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS chat(chat_id, message_id, ord)
    -- A lookup per message: as a generic plan, a NOT EXISTS became a hash of every id of the channel.
    LEFT JOIN LATERAL (
      SELECT pi.message_id FROM processed_inbound pi
       WHERE pi.channel = $1::"Channel" AND pi.message_id = chat.message_id LIMIT 1
    ) seen ON true ${CHAT_JOINS}`,
};

/** One chat's writes in a batched save (an element of SAVE_CHATS' $2). */
export interface ChatWrite {
  /** The session row's id (a new one for a chat without a row). */
  id: string;
  chat_id: string;
  message_id: string;
  person_id: string | null;
  locale: string;
  state: unknown;
  /** The version written: the version read + 1 (so the version read is `version - 1`). */
  version: number;
  /** Identity whose last_inbound_at is due, or null. */
  touch: string | null;
  /** The person's new locale after `set_locale`, or null. */
  relocalise: string | null;
  submissions: readonly PendingSubmission[];
}

/** A submission to store in the outbox with the session (columns of the submission row, and `phase`). */
export interface PendingSubmission {
  id: string;
  kind: string;
  seleksi_id: string;
  person_id: string;
  payload: unknown;
  /** The seleksi's phase the engine saw: the write fails if it moved since (see PHASE_MOVED). */
  phase: string | null;
}

/**
 * Everything the messages of a batch write, in one statement (so one transaction): each session
 * with its new version only if the stored one is still `version - 1`, each message id into the
 * dedupe table, the submissions into the outbox (refused when their seleksi's phase moved, see
 * PHASE_MOVED), the identities' last_inbound_at and the persons' locales. It takes each chat's advisory lock for its transaction (without waiting). Unless every
 * lock was free, every session was saved and every message id was new, the statement fails
 * (division by zero, see isVersionConflict) and writes nothing.
 *
 * $1 channel, $2 the writes (json array of {@link ChatWrite}), $3 now (ISO), $4 number of writes,
 * $5 the channel's name in lock keys.
 */
export const SAVE_CHATS: Statement = {
  name: 'inbound_save_chats',
  text: `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(
      id text, chat_id text, message_id text, person_id text, locale text, state jsonb, version int,
      touch text, relocalise text, submissions jsonb)
  ), locked AS (
    SELECT count(*) FILTER (WHERE pg_try_advisory_xact_lock(hashtext($5 || ':' || chat_id))) AS n FROM input
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

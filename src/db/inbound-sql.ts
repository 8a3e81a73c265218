import type pg from 'pg';
import type { Tx } from './client.ts';

/**
 * The inbound handler's statements, shared by its two transaction runners: a node-postgres pool
 * (the hot path, no ORM layer) and Prisma interactive transactions (registrations, and callers
 * that have no pool). On the pool every message is two round trips: BEGIN + the chat's lock +
 * {@link LOAD_CHAT}, then {@link SAVE_CHAT} + COMMIT.
 */

/** A statement: its SQL with $n parameters, and a name and parameter types for PREPARE. */
export interface Statement {
  name: string;
  text: string;
  types: readonly string[];
}

/** Runs one parameterised statement inside the current transaction. */
export interface Sql {
  /**
   * Runs a statement; `last` marks the transaction's final statement (the pool sends COMMIT with
   * it, in the same round trip).
   */
  query<T>(statement: Statement, values: unknown[], last?: boolean): Promise<T[]>;
  /** Takes the chat's advisory lock (the transaction is open after this). */
  lock(key: string): Promise<void>;
}

/** A Sql on a pool client; `committed` tells whether the last statement's COMMIT went out. */
export interface PgSql extends Sql {
  readonly committed: boolean;
}

/** Statements PREPAREd on each pooled connection (a connection that failed is discarded). */
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();

/**
 * A Sql over a checked-out pool client, two round trips per message: BEGIN, the lock and the first
 * statement go as one simple-protocol batch, and so do the last statement and COMMIT. Statements
 * run as `EXECUTE name(literals)` of a per-connection PREPARE, so Postgres plans them once per
 * connection, not per message (planning the chat query costs more than running it). Each statement
 * of a batch takes its own snapshot (read committed), so the one after the lock sees what the
 * chat's previous message committed. A batch cannot carry parameters, so values go as escaped
 * literals (strings, numbers, null only). A failing statement skips the rest of its batch (no
 * COMMIT); the caller then rolls back and must release the connection as broken, since it may
 * hold a PREPARE this map does not know of.
 */
export function pgSql(client: pg.PoolClient): PgSql {
  let pending = '';
  let committed = false;
  let prepared = preparedOn.get(client);
  if (!prepared) {
    prepared = new Set();
    preparedOn.set(client, prepared);
  }
  const known = prepared;
  const literal = (value: unknown): string => {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string') return client.escapeLiteral(value);
    throw new TypeError(`cannot send ${typeof value} as a literal`);
  };
  return {
    get committed() {
      return committed;
    },
    async query<T>(statement: Statement, values: unknown[], last = false) {
      const prepare = known.has(statement.name)
        ? ''
        : `PREPARE ${statement.name}(${statement.types.join(', ')}) AS ${statement.text}; `;
      const execute = `EXECUTE ${statement.name}(${values.map(literal).join(', ')})`;
      const batch = `${prepare}${pending}${execute}${last ? '; COMMIT' : ''}`;
      pending = '';
      const results = (await client.query(batch)) as unknown as pg.QueryResult | pg.QueryResult[];
      known.add(statement.name);
      if (last) committed = true;
      const list = Array.isArray(results) ? results : [results];
      return list[list.length - (last ? 2 : 1)]!.rows as T[];
    },
    async lock(key) {
      pending = `BEGIN; SELECT pg_advisory_xact_lock(hashtext(${client.escapeLiteral(key)})); `;
    },
  };
}

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
  /** json (an array of NomineeRow), or text with some drivers. */
  nominations: unknown;
}

/**
 * Records the message id (dedupe; `fresh` = 0 for a repeat) and reads everything stored about the
 * chat in the same statement: its session row, its person and current membership — the most
 * recent membership, and among memberships created at the same moment the newest seleksi — the
 * person's pending submissions, and the officer's / juror's nominations. Run under the chat's
 * lock, as its own statement, so its snapshot sees what the previous message of the chat wrote.
 *
 * $1 channel, $2 chat id, $3 message id, $4 now (ISO).
 */
const LOAD_CHAT_SQL = `
  WITH fresh AS (
    INSERT INTO processed_inbound (channel, message_id) VALUES ($1::"Channel", $3)
    ON CONFLICT DO NOTHING RETURNING 1
  )
  SELECT (SELECT count(*)::int FROM fresh) AS fresh,
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
                      'region_code', n.region_code, 'answers', n.answers, 'category_code', c.code,
                      'scored', false, 'recused', false) ORDER BY n.number), '[]'::json)
               FROM nomination n JOIN category c ON c.id = n.category_id
              WHERE n.seleksi_id = mm.seleksi_id AND n.region_code = mm.region_code AND n.status = 'SUBMITTED')
           WHEN mm.role = 'JUROR' THEN (
             SELECT coalesce(json_agg(json_build_object(
                      'id', n.id, 'number', n.number, 'nominee_name', n.nominee_name,
                      'region_code', n.region_code, 'answers', n.answers, 'category_code', c.code,
                      'scored', EXISTS (SELECT 1 FROM score_sheet ss
                                         WHERE ss.nomination_id = n.id AND ss.juror_id = p.id),
                      'recused', EXISTS (SELECT 1 FROM recusal r
                                          WHERE r.nomination_id = n.id AND r.juror_id = p.id)
                    ) ORDER BY n.number), '[]'::json)
               FROM nomination n JOIN category c ON c.id = n.category_id
              WHERE n.seleksi_id = mm.seleksi_id AND n.status = 'SUBMITTED' AND c.code = ANY (mm.categories))
         END AS nominations
    FROM (SELECT 1) AS chat
    LEFT JOIN conversation_session cs ON cs.channel = $1::"Channel" AND cs.external_id = $2
    LEFT JOIN channel_identity ci ON ci.channel = $1::"Channel" AND ci.external_id = $2
    LEFT JOIN person p ON p.id = ci.person_id
    LEFT JOIN LATERAL (
      SELECT m.role::text AS role, m.region_code, m.categories, s.id AS seleksi_id, s.code AS seleksi_code,
             s.name AS seleksi_name, s.phase::text AS phase
        FROM membership m JOIN seleksi s ON s.id = m.seleksi_id
       WHERE m.person_id = p.id
       ORDER BY m.created_at DESC, s.created_at DESC
       LIMIT 1
    ) mm ON true`;

/** See {@link LOAD_CHAT_SQL}. */
export const LOAD_CHAT: Statement = {
  name: 'inbound_load_chat',
  text: LOAD_CHAT_SQL,
  types: ['text', 'text', 'text', 'text'],
};

/**
 * Everything one message writes, in one statement: the session with version + 1 only if the
 * stored version is still the one read (otherwise the statement fails, see isVersionConflict), the
 * submissions into the outbox, the identity's last_inbound_at (when due) and the person's locale
 * (after `set_locale`).
 *
 * $1 new session id, $2 channel, $3 chat id, $4 person id, $5 session locale, $6 state (json text),
 * $7 new version, $8 version read (0 for a new chat), $9 submissions (json array of
 * {id, kind, seleksi_id, person_id, payload}), $10 identity id to touch or null, $11 now (ISO),
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
    INSERT INTO submission (id, kind, seleksi_id, person_id, channel, external_id, payload)
    SELECT x.id, x.kind::"SubmissionKind", x.seleksi_id, x.person_id, $2::"Channel", $3, x.payload
      FROM jsonb_to_recordset($9::jsonb) AS x(id text, kind text, seleksi_id text, person_id text, payload jsonb)
    RETURNING 1
  ), touched AS (
    UPDATE channel_identity SET last_inbound_at = $11::timestamptz AT TIME ZONE 'UTC' WHERE id = $10 RETURNING 1
  ), relocalised AS (
    UPDATE person SET locale = $13 WHERE id = $12 RETURNING 1
  )
  SELECT 1 / (SELECT count(*)::int FROM saved) AS saved, (SELECT count(*)::int FROM submitted) AS submitted`;

/** See {@link SAVE_CHAT_SQL}. */
export const SAVE_CHAT: Statement = {
  name: 'inbound_save_chat',
  text: SAVE_CHAT_SQL,
  types: [
    'text',
    'text',
    'text',
    'text',
    'text',
    'text',
    'int',
    'int',
    'text',
    'text',
    'text',
    'text',
    'text',
  ],
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

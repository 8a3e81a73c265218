import type { Bilingual } from '../core/names.ts';
import type { Statement } from './statement.ts';

/**
 * A juror's reads for one message, each bounded whatever the size of the seleksi: the nominee
 * being scored (one row by primary key), one page of the list (a walk of the
 * (seleksi_id, category_id, seq) index that stops after the page), and counts for the progress
 * line (index-only where the visibility map allows). Nominees are those of the juror's categories,
 * SUBMITTED, never of the juror's own kabupaten/kota (conflict of interest) nor one the juror
 * nominated or edited in another role (domain/permissions.ts isOwnNomination). A dossier's answers
 * are read for the chosen nominee only, as text (the app parses them when the dossier is shown).
 *
 * Parameters common to all: $1 juror (person id), $2 seleksi id, $3 the juror's category ids
 * (text[], in the order lists show them), $4 the juror's own kabupaten/kota code (or null).
 */

/**
 * Not a nomination the juror (person id `juror`) nominated or edited (domain/permissions.ts
 * isOwnNomination). As one array containment, not two comparisons: Postgres then estimates it as
 * keeping nearly every row whatever the statistics, so a generic plan still walks the seq index
 * and stops after a page. (With comparisons, a round whose nominations one person entered — one
 * value in submitted_by_id — makes a generic plan expect no rows and read every nominee.)
 */
const notOwn = (juror: string) => `NOT (ARRAY[n.submitted_by_id, n.updated_by_id] @> ARRAY[${juror}::text])`;

/** The juror's nominees: categories, status, not of their own kabupaten/kota, not their own nomination. */
const MINE = `n.seleksi_id = $2 AND n.category_id = ANY ($3::text[]) AND n.status = 'SUBMITTED'
       AND n.region_code IS DISTINCT FROM $4::text AND ${notOwn('$1')}`;

/** A sheet of this juror for n is waiting in the outbox (sent, not yet processed by the worker). */
const PENDING_SHEET = `EXISTS (SELECT 1 FROM submission sb
        WHERE sb.seleksi_id = $2 AND sb.status = 'PENDING' AND sb.person_id = $1
          AND sb.kind = 'SCORE_SHEET' AND sb.payload ->> 'nominationId' = n.id)`;
const SCORED = `EXISTS (SELECT 1 FROM score_sheet ss WHERE ss.nomination_id = n.id AND ss.juror_id = $1)`;
const RECUSED = `EXISTS (SELECT 1 FROM recusal rc WHERE rc.nomination_id = n.id AND rc.juror_id = $1)`;

/** What a list row carries (no answers). */
const ROW = `n.id, n.number, n.nominee_name, n.region_code, c.code AS category_code, n.prior_result`;

/** A nominee of the juror's list as these statements return it. */
export interface JurorNomineeRow {
  id: string;
  number: string;
  nominee_name: string;
  region_code: string;
  category_code: string;
  prior_result: { text?: Bilingual } | null;
  scored: boolean;
  recused: boolean;
  pending: boolean;
  /** The nomination's answers as JSON text (JUROR_NOMINEES only). */
  answers?: string | null;
  /** JUROR_NOMINEES: the place of the ask this row answers (1-based). */
  ord?: number;
}

/** One item of {@link JUROR_NOMINEES}: whose list, and the nomination asked for. */
export interface NomineeAsk {
  jurorId: string;
  seleksiId: string;
  categoryIds: readonly string[];
  regionCode: string | null;
  nominationId: string;
}

/** JUROR_NOMINEES' parameters for some asks (one statement for the chosen nominees of many chats). */
export function nomineesParams(asks: readonly NomineeAsk[]): unknown[] {
  return [
    asks.map((a) => a.jurorId),
    asks.map((a) => a.seleksiId),
    asks.map((a) => a.regionCode),
    asks.map((a) => a.nominationId),
    asks.flatMap((a, i) => a.categoryIds.map(() => i + 1)),
    asks.flatMap((a) => a.categoryIds),
  ];
}

/**
 * Nominees with their dossier (answers as text) and what each juror did, for many chats at once
 * (a primary-key lookup each): row `ord` answers the ord-th ask, no row when the nomination is not
 * on that juror's list. $1 jurors, $2 seleksi ids, $3 own kabupaten/kota codes, $4 nomination ids
 * (text[], one per ask), $5 / $6 the asks' category ids as pairs (ask's ord, category id).
 */
export const JUROR_NOMINEES: Statement = {
  name: 'juror_nominees',
  text: `
  SELECT x.ord::int AS ord, n.id, n.number, n.nominee_name, n.region_code, c.code AS category_code,
         n.prior_result, n.answers::text AS answers,
         EXISTS (SELECT 1 FROM score_sheet ss WHERE ss.nomination_id = n.id AND ss.juror_id = x.juror) AS scored,
         EXISTS (SELECT 1 FROM recusal rc WHERE rc.nomination_id = n.id AND rc.juror_id = x.juror) AS recused,
         EXISTS (SELECT 1 FROM submission sb
                  WHERE sb.seleksi_id = x.seleksi AND sb.status = 'PENDING' AND sb.person_id = x.juror
                    AND sb.kind = 'SCORE_SHEET' AND sb.payload ->> 'nominationId' = n.id) AS pending
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS x(juror, seleksi, own, nomination, ord)
   CROSS JOIN LATERAL (
     SELECT n.* FROM nomination n
      WHERE n.id = x.nomination AND n.seleksi_id = x.seleksi AND n.status = 'SUBMITTED'
        AND n.region_code IS DISTINCT FROM x.own AND ${notOwn('x.juror')}
        AND EXISTS (SELECT 1 FROM unnest($5::int[], $6::text[]) AS k(ord, category_id)
                     WHERE k.ord = x.ord AND k.category_id = n.category_id)
      LIMIT 1
   ) n
    JOIN category c ON c.id = n.category_id`,
};

/**
 * A page of the open nominees (not scored, sent or recused by this juror), category by category
 * in the order of $3, then by their number's sequence; $5 offset, $6 page size. Each category's
 * walk stops after offset + page size open rows.
 */
export const JUROR_OPEN_PAGE: Statement = {
  name: 'juror_open_page',
  text: `
  SELECT ${ROW}, false AS scored, false AS recused, false AS pending
    FROM unnest($3::text[]) WITH ORDINALITY AS cat(id, ord)
    JOIN category c ON c.id = cat.id
   CROSS JOIN LATERAL (
     SELECT n.id, n.number, n.nominee_name, n.region_code, n.prior_result, n.seq FROM nomination n
      WHERE n.seleksi_id = $2 AND n.category_id = cat.id AND n.status = 'SUBMITTED'
        AND n.region_code IS DISTINCT FROM $4::text AND ${notOwn('$1')}
        AND NOT ${SCORED} AND NOT ${RECUSED} AND NOT ${PENDING_SHEET}
      ORDER BY n.seq
      LIMIT $5::int + $6::int
   ) n
   ORDER BY cat.ord, n.seq
  OFFSET $5::int LIMIT $6::int`,
};

/**
 * What a search matches: `text` found in the name, the number or the kabupaten/kota's name (null
 * for a number typed alone), `seq` the number's sequence (a number typed alone, else null).
 */
const match = (text: string, seq: string) => `(strpos(lower(n.nominee_name), lower(${text}::text)) > 0
        OR strpos(lower(n.number), lower(${text}::text)) > 0
        OR strpos(lower(coalesce(r.name, '')), lower(${text}::text)) > 0
        OR n.seq = ${seq}::int)`;

/** A page of every nominee of the juror matching a search, flagged; $5 offset, $6 page size, $7 text, $8 seq (see match). */
export const JUROR_SEARCH_PAGE: Statement = {
  name: 'juror_search_page',
  text: `
  SELECT ${ROW}, ${SCORED} AS scored, ${RECUSED} AS recused, ${PENDING_SHEET} AS pending
    FROM nomination n JOIN category c ON c.id = n.category_id
    LEFT JOIN region r ON r.code = n.region_code
   WHERE ${MINE} AND ${match('$7', '$8')}
   ORDER BY array_position($3::text[], n.category_id), n.seq
  OFFSET $5::int LIMIT $6::int`,
};

/**
 * Counts of a search: `matches` on the juror's list, `hidden_own` of their own kabupaten/kota
 * (a nomination of their own is neither). Its parameters are $1 seleksi id, $2 category ids,
 * $3 own kabupaten/kota, $4 text, $5 seq (see match), $6 juror (person id).
 */
export const JUROR_SEARCH_COUNT: Statement = {
  name: 'juror_search_count',
  text: `
  SELECT count(*) FILTER (WHERE n.region_code IS DISTINCT FROM $3::text)::int AS matches,
         count(*) FILTER (WHERE n.region_code IS NOT DISTINCT FROM $3::text)::int AS hidden_own
    FROM nomination n LEFT JOIN region r ON r.code = n.region_code
   WHERE n.seleksi_id = $1 AND n.category_id = ANY ($2::text[]) AND n.status = 'SUBMITTED'
     AND ${notOwn('$6')} AND ${match('$4', '$5')}`,
};

/**
 * The progress line's counts: `nominees` on the juror's list, `recused` of them, and `done` (scored
 * or sent, not recused); `open` = nominees − recused − done is what the list without a search pages.
 */
export const JUROR_COUNTS: Statement = {
  name: 'juror_counts',
  text: `
  SELECT (SELECT count(*)::int FROM nomination n WHERE ${MINE}) AS nominees,
         (SELECT count(*)::int FROM recusal rc JOIN nomination n ON n.id = rc.nomination_id
           WHERE rc.seleksi_id = $2 AND rc.juror_id = $1 AND ${MINE}) AS recused,
         (SELECT count(*)::int FROM nomination n
           WHERE n.id IN (SELECT ss.nomination_id FROM score_sheet ss
                           WHERE ss.seleksi_id = $2 AND ss.juror_id = $1
                          UNION
                          SELECT sb.payload ->> 'nominationId' FROM submission sb
                           WHERE sb.seleksi_id = $2 AND sb.status = 'PENDING' AND sb.person_id = $1
                             AND sb.kind = 'SCORE_SHEET')
             AND ${MINE} AND NOT ${RECUSED}) AS done`,
};

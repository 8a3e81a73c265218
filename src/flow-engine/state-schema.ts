import { z } from 'zod';

const positionSchema = z.object({ pos: z.number().int(), sub: z.number().int().min(0) });

/**
 * A state stored before `editing` had its name (it was `nominationId`) reads as the current shape,
 * so a chat in the middle of a flow keeps its place across the rename.
 */
function fromStored(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || 'editing' in raw || !('nominationId' in raw)) return raw;
  const { nominationId, ...rest } = raw as Record<string, unknown>;
  return { ...rest, editing: nominationId };
}

/** The engine-owned part of SessionState (`active`), parsed with zod on every message. */
const activeShape = z.object({
  flowId: z.string().min(1),
  flowVersion: z.number().int(),
  /** Index of the step being asked (-1 before the first question). */
  pos: z.number().int().min(-1),
  /** Scores step: index of the criterion being asked. */
  sub: z.number().int().min(0),
  answers: z.record(z.string(), z.unknown()),
  /** Questions asked before, for `kembali`. */
  history: z.array(positionSchema),
  /** Set once the summary was shown: answering then skips answered steps back to it. */
  review: z.boolean(),
  /** Bumped for every new question; part of the choice token (stale-button check). */
  seq: z.number().int().min(0),
  pending: z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('region'),
        input: z.string(),
        matches: z.array(z.object({ value: z.string(), label: z.string() })),
      }),
      z.object({ kind: z.literal('pick_edit') }),
      /** An item of a paged list that asks to be confirmed was picked (ListItem.confirm): asks first. */
      z.object({ kind: z.literal('replace'), value: z.string() }),
    ])
    .nullable(),
  /**
   * A paged list's window as last shown (see paged-list.ts): what was typed to narrow it, where the
   * page starts, and the ids of its items in the order they were numbered. Absent: the first page.
   */
  list: z
    .object({ query: z.string().nullable(), offset: z.number().int().min(0), ids: z.array(z.string()) })
    .nullable()
    .optional(),
  /** The id of what the running flow edits (the app's kinds set and read it); null: something new. */
  editing: z.string().nullable(),
});
export const activeStateSchema = z.preprocess(fromStored, activeShape);
export type ActiveState = z.infer<typeof activeShape>;

/** Zod schema of the whole session state, for the app to parse what it reads from Postgres. */
export const sessionStateSchema = z.object({
  schemaVersion: z.literal(1),
  locale: z.enum(['id', 'en']),
  active: z.record(z.string(), z.unknown()).nullable(),
});

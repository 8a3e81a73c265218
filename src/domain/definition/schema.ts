import { z } from 'zod';

/**
 * The shape of a seleksi definition file (YAML). Field names are snake_case as written by people;
 * semantic rules (weights sum to 100, references resolve...) live in validate.ts.
 */

/** Text in both locales: Bahasa Indonesia is required, English falls back to it. */
export const localizedText = z
  .union([z.string().min(1), z.strictObject({ id: z.string().min(1), en: z.string().min(1).optional() })])
  .transform((v) => (typeof v === 'string' ? { id: v, en: v } : { id: v.id, en: v.en ?? v.id }));

export type LocalizedText = z.output<typeof localizedText>;

const CODE = /^[A-Z][A-Z0-9_]*$/;
const code = z.string().regex(CODE, 'must be UPPER_CASE letters, digits and _ (e.g. TKSK, KARANG_TARUNA)');

/** A date (`2026-06-30`) or date-time with offset (`2026-06-30T23:59:00+08:00`). Kept as text here. */
const dateText = z.union([
  z.iso.date(),
  z.iso.datetime({ offset: true }),
  z.date().transform((d) => d.toISOString()),
]);

/**
 * Tie-break rules: a criterion's mean (higher first), the spread between jurors (lower first), the
 * nomination's submission time (earlier first), a lot drawn from the digest of the inputs.
 */
export const tieBreakRule = z
  .string()
  .regex(
    /^(criterion:[A-Z][A-Z0-9_]*|spread|submitted_at|lot)$/,
    'must be criterion:<CODE>, spread, submitted_at or lot',
  );

export const DEFAULT_TIE_BREAK = ['criterion:INOVASI', 'spread', 'submitted_at'] as const;

export const criterionSchema = z.strictObject({
  code,
  label: localizedText,
  /** Percent of the category total. */
  weight: z.number().int().positive(),
  min: z.number().int().default(1),
  max: z.number().int().default(100),
  rubric: localizedText.optional(),
  /** Nomination answers and attachments (field keys) the juror sees beside this criterion. */
  evidence: z.array(z.string().min(1)).optional(),
});

const fieldKey = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case');

/**
 * Types of a category's own nomination question. `year`: a year from `min` (1950) to this year;
 * `choice`: one of `choices`; `choices`: one or more of them.
 */
export const FIELD_TYPES = [
  'text',
  'number',
  'year',
  'date',
  'choice',
  'choices',
  'photo',
  'document',
] as const;

export const nominationFieldSchema = z.strictObject({
  key: fieldKey,
  label: localizedText,
  type: z.enum(FIELD_TYPES).default('text'),
  required: z.boolean().default(true),
  /** Personal data: kept with the nomination, never shown to jurors. */
  private: z.boolean().default(false),
  choices: z.array(localizedText).optional(),
  help: localizedText.optional(),
  /** number / year: range; photo / document: number of files. */
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  /** text: length limits. */
  min_length: z.number().int().min(0).optional(),
  max_length: z.number().int().positive().optional(),
  /** text: a regular expression the answer must match, and what the officer is told otherwise. */
  pattern: z.string().min(1).optional(),
  pattern_message: localizedText.optional(),
  /** number / year / date: not earlier than the answer to this field (e.g. aktif_sejak). */
  not_before: fieldKey.optional(),
});

export type NominationField = z.output<typeof nominationFieldSchema>;

/** A document that must be attached: a key (`sk_penugasan`) or a key with the label the officer reads. */
export const requiredDocumentSchema = z.union([
  fieldKey,
  z.strictObject({ key: fieldKey, label: localizedText }),
]);

/** Optional per-category settings of the nomination flow. */
export const nominationSettingsSchema = z.strictObject({
  /** Questions asked in addition to the common ones (DOMAIN.md §2–§3), in this order. */
  extra_fields: z.array(nominationFieldSchema).default([]),
  /** Minimum number of activity photos. */
  min_photos: z.number().int().min(0).default(0),
  /** Documents that must be attached (e.g. sk_penugasan), each asked as its own question. */
  required_documents: z.array(requiredDocumentSchema).default([]),
});

export type NominationSettings = z.output<typeof nominationSettingsSchema>;

export const categorySchema = z.strictObject({
  code,
  name: localizedText,
  subject: z.enum(['person', 'organisation']),
  criteria: z.array(criterionSchema).min(1, 'needs at least one criterion'),
  /** Overrides scoring.tie_break for this category (e.g. one without an INOVASI criterion). */
  tie_break: z.array(tieBreakRule).optional(),
  nomination: nominationSettingsSchema.optional(),
});

const ruleBase = {
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be lower-case-with-dashes'),
  /** Categories the rule applies to; all when omitted. */
  categories: z.array(z.string()).optional(),
  /** What the officer is told (and confirms) in the nomination flow. */
  text: localizedText,
};

/** Eligibility rules as data (DOMAIN.md §4); checked or confirmed in the nomination flow. */
export const eligibilityRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...ruleBase,
    kind: z.literal('min_years_active'),
    years: z.number().int().positive(),
    /** The year answer it reads (default aktif_sejak). */
    field: fieldKey.default('aktif_sejak'),
  }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('min_years_founded'),
    years: z.number().int().positive(),
    field: fieldKey.default('aktif_sejak'),
  }),
  z.strictObject({ ...ruleBase, kind: z.literal('requires_document'), document: z.string().min(1) }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('not_recent_winner'),
    years: z.number().int().positive(),
    rank: z.number().int().positive().default(1),
  }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('age_range'),
    min: z.number().int().min(0),
    max: z.number().int().positive(),
    /** The date-of-birth answer it reads (default tanggal_lahir). */
    field: fieldKey.default('tanggal_lahir'),
  }),
  z.strictObject({ ...ruleBase, kind: z.literal('declaration') }),
]);

export type EligibilityRule = z.output<typeof eligibilityRuleSchema>;

export const rulesSchema = z.strictObject({
  /** Nominees one kabupaten/kota may send per category (DOMAIN.md §4: one). */
  max_nominees_per_category_per_region: z.number().int().positive().default(1),
  eligibility: z.array(eligibilityRuleSchema).default([]),
});

export type SeleksiRules = z.output<typeof rulesSchema>;

/** Juara I/II/III (+ harapan) per category and the optional juara umum. */
export const awardsSchema = z.strictObject({
  /** Ranks that are Juara (3: Juara I, II, III). */
  juara: z.number().int().min(1).max(10).default(3),
  /** Ranks after them that are Juara Harapan (0: none). */
  harapan: z.number().int().min(0).max(10).default(0),
  /**
   * Best kabupaten/kota over all categories (the best province in a national seleksi): `points[i]`
   * for a nominee ranked i + 1.
   */
  juara_umum: z
    .strictObject({ points: z.array(z.number().int().min(0)).min(1, 'needs at least one value') })
    .optional(),
});

export const definitionSchema = z.strictObject({
  version: z.literal(1).default(1),
  name: z.string().min(3),
  /** Prefix of nominee numbers: KALSEL-2026 → KALSEL-2026-TKSK-007. */
  code: z
    .string()
    .regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, 'must be UPPER-CASE words joined by dashes (e.g. KALSEL-2026)'),
  level: z.enum(['kabupaten', 'provinsi', 'nasional']),
  /** Official code ("63") or name ("Kalimantan Selatan"); resolved against the region table. */
  region: z.union([z.string().min(1), z.number().transform(String)]),
  year: z.number().int().min(2000).max(2100),
  /** UTC offset for plain dates in deadlines (WIB +07:00, WITA +08:00, WIT +09:00). */
  timezone: z
    .string()
    .regex(/^[+-]\d{2}:\d{2}$/, 'must be a UTC offset like +08:00')
    .default('+07:00'),
  deadlines: z
    .strictObject({
      nomination_opens: dateText.optional(),
      nomination_closes: dateText.optional(),
      scoring_closes: dateText.optional(),
      /** When the results are expected to be announced (shown by `hasil` before publication). */
      results_announced: dateText.optional(),
      /**
       * Reminders before nomination_closes (officers whose kabupaten/kota has not nominated) and
       * scoring_closes (jurors with score sheets left), in days before the deadline (0.5 = 12 hours).
       */
      reminder_days_before: z.array(z.number().positive().max(60)).default([3, 1]),
    })
    .default({ reminder_days_before: [3, 1] }),
  scoring: z
    .strictObject({
      normalization: z.enum(['mean', 'trimmed_mean', 'zscore']).default('mean'),
      /** Share of the lowest and of the highest juror totals dropped by trimmed_mean. */
      trim_fraction: z.number().min(0).max(0.49).default(0),
      tie_break: z.array(tieBreakRule).default([...DEFAULT_TIE_BREAK]),
      /** A nominee scored by fewer jurors is flagged in the ranking, not ranked. */
      min_jurors: z.number().int().min(1).default(1),
    })
    .default({ normalization: 'mean', trim_fraction: 0, tie_break: [...DEFAULT_TIE_BREAK], min_jurors: 1 }),
  awards: awardsSchema.default({ juara: 3, harapan: 0 }),
  categories: z.array(categorySchema).min(1, 'needs at least one category'),
  rules: rulesSchema.default({ max_nominees_per_category_per_region: 1, eligibility: [] }),
});

/** A definition that passed the schema (deadlines still text; see validate.ts for the resolved form). */
export type RawDefinition = z.output<typeof definitionSchema>;

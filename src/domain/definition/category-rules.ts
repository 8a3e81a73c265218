import { z } from 'zod';
import { documentKey } from './check-nomination.ts';
import {
  type EligibilityRule,
  eligibilityRuleSchema,
  type LocalizedText,
  type NominationField,
  nominationSettingsSchema,
} from './schema.ts';

/**
 * What the conversation and the worker need of one category's definition: its own questions, the
 * photos and documents it requires, the eligibility rules that apply to it and the evidence of each
 * criterion. Built from what `seleksi create` stored (category.settings, seleksi.rules). Pure.
 */
export interface CategoryRules {
  fields: NominationField[];
  minPhotos: number;
  documents: { key: string; label: LocalizedText }[];
  eligibility: EligibilityRule[];
  /** Criterion code → the answer / attachment keys shown beside it while scoring. */
  evidence: Record<string, string[]>;
}

/** A document key as a label when the definition gives none: `sk_penugasan` → "SK penugasan". */
function documentLabel(key: string): LocalizedText {
  const words = key.split('_').map((w, i) => (w.length <= 3 && i === 0 ? w.toUpperCase() : w));
  const text = words.join(' ');
  return { id: text, en: text };
}

const storedSettings = z.object({
  nomination: nominationSettingsSchema.optional(),
  evidence: z.record(z.string(), z.array(z.string())).optional(),
});
const storedRules = z.object({ eligibility: z.array(eligibilityRuleSchema).default([]) });

/** The category's view of the settings and rules as stored; what does not parse counts as absent. */
export function categoryRulesOf(code: string, settings: unknown, rules: unknown): CategoryRules {
  const s = storedSettings.safeParse(settings ?? {});
  const r = storedRules.safeParse(rules ?? {});
  const nomination = s.success ? s.data.nomination : undefined;
  return {
    fields: nomination?.extra_fields ?? [],
    minPhotos: nomination?.min_photos ?? 0,
    documents: (nomination?.required_documents ?? []).map((d) => ({
      key: documentKey(d),
      label: typeof d === 'string' ? documentLabel(d) : d.label,
    })),
    eligibility: r.success
      ? r.data.eligibility.filter((e) => !e.categories || e.categories.includes(code))
      : [],
    evidence: (s.success ? s.data.evidence : undefined) ?? {},
  };
}

/** What `seleksi create` stores in category.settings for a definition's category. */
export function categorySettingsOf(cat: {
  nomination?: z.output<typeof nominationSettingsSchema> | undefined;
  tie_break?: string[] | undefined;
  criteria: { code: string; evidence?: string[] | undefined }[];
}): Record<string, unknown> {
  return {
    nomination: cat.nomination ?? { extra_fields: [], min_photos: 0, required_documents: [] },
    tieBreak: cat.tie_break ?? null,
    evidence: Object.fromEntries(cat.criteria.filter((c) => c.evidence).map((c) => [c.code, c.evidence!])),
  };
}

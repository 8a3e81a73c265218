import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { nominationIssues } from './check-nomination.ts';
import { DefinitionError, type DefinitionIssue } from './definition-error.ts';
import { KNOWN_PILAR_CODES } from './pilar.ts';
import { definitionSchema, type RawDefinition } from './schema.ts';

export { DefinitionError, type DefinitionIssue, formatIssue } from './definition-error.ts';

/** A validated definition with deadlines resolved to instants. */
export interface SeleksiDefinition extends Omit<RawDefinition, 'deadlines'> {
  deadlines: {
    nominationOpensAt?: Date;
    nominationClosesAt?: Date;
    scoringClosesAt?: Date;
    resultsAnnouncedAt?: Date;
    /** Reminder offsets in days before each closing deadline, largest first. */
    reminderDaysBefore: number[];
  };
}

type PathSegment = PropertyKey;

/** Renders a path, naming array elements by their `code` (or `id`, `key`) when they have one. */
export function formatPath(path: readonly PathSegment[], raw: unknown): string {
  let out = '';
  let node: unknown = raw;
  for (const seg of path) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
      node = Array.isArray(node) ? node[seg] : undefined;
      const item = node && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
      const label = item ? (item.code ?? item.id ?? item.key) : undefined;
      if (typeof label === 'string' && label !== '') out += ` (${label})`;
    } else {
      out += out === '' ? String(seg) : `.${String(seg)}`;
      node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function valueAt(raw: unknown, path: readonly PathSegment[]): unknown {
  let node = raw;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[seg];
  }
  return node;
}

function zodIssues(error: z.ZodError, raw: unknown): DefinitionIssue[] {
  return error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown field(s): ${issue.keys.join(', ')}`;
    else if (valueAt(raw, issue.path) === undefined) message = 'required field is missing';
    return { path: formatPath(issue.path, raw), message };
  });
}

/** Resolves a date or date-time; plain dates take the file's offset, closing dates end at 23:59:59. */
function instant(text: string | undefined, timezone: string, endOfDay: boolean): Date | undefined {
  if (text === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text))
    return new Date(`${text}T${endOfDay ? '23:59:59' : '00:00:00'}${timezone}`);
  return new Date(text);
}

/** Records one problem at a path inside the file. */
type At = (path: PathSegment[], message: string) => void;

/** Category codes (known pilar, unique), weights, criteria and each category's own tie_break. */
function categoryIssues(def: RawDefinition, at: At): void {
  const categoryCodes = new Set<string>();
  def.categories.forEach((cat, ci) => {
    if (!KNOWN_PILAR_CODES.has(cat.code)) {
      at(
        ['categories', ci, 'code'],
        `unknown category "${cat.code}"; known pilar: ${[...KNOWN_PILAR_CODES].join(', ')}`,
      );
    }
    if (categoryCodes.has(cat.code)) at(['categories', ci, 'code'], `duplicate category code "${cat.code}"`);
    categoryCodes.add(cat.code);

    const sum = cat.criteria.reduce((s, c) => s + c.weight, 0);
    if (sum !== 100) at(['categories', ci], `weights sum to ${sum}, must be 100`);

    const criterionCodes = new Set<string>();
    cat.criteria.forEach((crit, ki) => {
      if (criterionCodes.has(crit.code)) {
        at(['categories', ci, 'criteria', ki, 'code'], `duplicate criterion code "${crit.code}"`);
      }
      criterionCodes.add(crit.code);
      if (crit.min >= crit.max) {
        at(['categories', ci, 'criteria', ki], `min (${crit.min}) must be less than max (${crit.max})`);
      }
    });

    cat.tie_break?.forEach((rule, ri) => {
      const ref = rule.startsWith('criterion:') ? rule.slice('criterion:'.length) : undefined;
      if (ref && !criterionCodes.has(ref)) {
        at(['categories', ci, 'tie_break', ri], `unknown criterion "${ref}" in category ${cat.code}`);
      }
    });
  });
}

/** The seleksi-wide chain must make sense in every category that does not bring its own. */
function scoringIssues(def: RawDefinition, at: At): void {
  def.scoring.tie_break.forEach((rule, ri) => {
    if (!rule.startsWith('criterion:')) return;
    const ref = rule.slice('criterion:'.length);
    const missing = def.categories
      .filter((c) => !c.tie_break && !c.criteria.some((k) => k.code === ref))
      .map((c) => c.code);
    if (missing.length > 0) {
      at(
        ['scoring', 'tie_break', ri],
        `unknown criterion "${ref}" in category ${missing.join(', ')} (define it there or give the category its own tie_break)`,
      );
    }
  });
  if (def.scoring.normalization !== 'trimmed_mean' && def.scoring.trim_fraction > 0) {
    at(['scoring', 'trim_fraction'], 'only used with normalization: trimmed_mean');
  }
}

/** Eligibility rules: unique ids, known categories, sensible age ranges. */
function eligibilityIssues(def: RawDefinition, at: At): void {
  const categoryCodes = new Set(def.categories.map((c) => c.code));
  const ruleIds = new Set<string>();
  def.rules.eligibility.forEach((rule, ri) => {
    if (ruleIds.has(rule.id)) at(['rules', 'eligibility', ri, 'id'], `duplicate rule id "${rule.id}"`);
    ruleIds.add(rule.id);
    rule.categories?.forEach((code, i) => {
      if (!categoryCodes.has(code)) {
        at(
          ['rules', 'eligibility', ri, 'categories', i],
          `unknown category "${code}" (defined: ${[...categoryCodes].join(', ')})`,
        );
      }
    });
    if (rule.kind === 'age_range' && rule.min >= rule.max) {
      at(['rules', 'eligibility', ri], `min (${rule.min}) must be less than max (${rule.max})`);
    }
  });
}

/** The deadlines that are set must come in their order. */
function deadlineIssues(def: RawDefinition, at: At): void {
  const d = def.deadlines;
  const order: [string, Date | undefined][] = [
    ['nomination_opens', instant(d.nomination_opens, def.timezone, false)],
    ['nomination_closes', instant(d.nomination_closes, def.timezone, true)],
    ['scoring_closes', instant(d.scoring_closes, def.timezone, true)],
    ['results_announced', instant(d.results_announced, def.timezone, false)],
  ];
  const set = order.filter(([, v]) => v !== undefined) as [string, Date][];
  for (let i = 1; i < set.length; i++) {
    const [prevName, prev] = set[i - 1]!;
    const [name, value] = set[i]!;
    if (value <= prev) at(['deadlines', name], `must be after ${prevName}`);
  }
}

/**
 * The semantic rules the schema cannot express. Pure; returns every problem found. `commonKeys`:
 * the questions the nomination flow asks in every category (references to them are then checked).
 */
export function checkDefinition(
  def: RawDefinition,
  raw: unknown,
  commonKeys?: ReadonlySet<string>,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const at: At = (path, message) => issues.push({ path: formatPath(path, raw), message });
  categoryIssues(def, at);
  scoringIssues(def, at);
  eligibilityIssues(def, at);
  nominationIssues(def, at, commonKeys);
  deadlineIssues(def, at);
  return issues;
}

/**
 * Parses and validates a definition file's text. `file` is only used in messages. Throws a
 * DefinitionError naming the file, the path inside it and the problem.
 */
export function parseDefinition(
  text: string,
  file: string,
  options: { commonKeys?: ReadonlySet<string> } = {},
): SeleksiDefinition {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new DefinitionError(
      file,
      doc.errors.map((e) => {
        // With prettyErrors the first line already ends in "at line L, column C:".
        return { path: '', message: `invalid YAML: ${e.message.split('\n')[0]!.replace(/:$/, '')}` };
      }),
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined)
    throw new DefinitionError(file, [{ path: '', message: 'file is empty' }]);
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DefinitionError(file, [
      { path: '', message: 'must be a mapping (name: …, code: …, categories: …)' },
    ]);
  }
  const parsed = definitionSchema.safeParse(raw);
  if (!parsed.success) throw new DefinitionError(file, zodIssues(parsed.error, raw));
  const issues = checkDefinition(parsed.data, raw, options.commonKeys);
  if (issues.length > 0) throw new DefinitionError(file, issues);
  const def = parsed.data;
  return {
    ...def,
    deadlines: {
      nominationOpensAt: instant(def.deadlines.nomination_opens, def.timezone, false),
      nominationClosesAt: instant(def.deadlines.nomination_closes, def.timezone, true),
      scoringClosesAt: instant(def.deadlines.scoring_closes, def.timezone, true),
      resultsAnnouncedAt: instant(def.deadlines.results_announced, def.timezone, false),
      reminderDaysBefore: [...new Set(def.deadlines.reminder_days_before)].sort((a, b) => b - a),
    },
  };
}

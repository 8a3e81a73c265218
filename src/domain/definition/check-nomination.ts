import type { EligibilityRule, NominationField, RawDefinition } from './schema.ts';

/**
 * The nomination part of a definition (fields, documents, evidence, eligibility) checked for
 * contradictions the schema cannot see. Pure. `commonKeys` are the questions the nomination flow
 * asks in every category (its step names): given, references to them are checked too.
 */

type Segment = string | number;
type At = (path: Segment[], message: string) => void;

/** A document requirement as written (`sk_penugasan` or `{ key, label }`), reduced to its key. */
export function documentKey(doc: string | { key: string }): string {
  return typeof doc === 'string' ? doc : doc.key;
}

const ORDERED_TYPES = new Set(['number', 'year', 'date']);

function checkField(field: NominationField, path: Segment[], earlier: Map<string, NominationField>, at: At) {
  const { type } = field;
  const choosing = type === 'choice' || type === 'choices';
  if (choosing && (field.choices?.length ?? 0) < 2)
    at([...path, 'choices'], `a ${type} field needs at least two choices`);
  if (!choosing && field.choices)
    at([...path, 'choices'], `only a choice or choices field has choices (type is ${type})`);
  if (field.min !== undefined && field.max !== undefined && field.min > field.max)
    at(path, `min (${field.min}) must not be greater than max (${field.max})`);
  const counted = ['number', 'year', 'photo', 'document', 'choices'].includes(type);
  if (!counted && (field.min !== undefined || field.max !== undefined))
    at(path, `min/max apply to number, year, choices, photo and document fields (type is ${type})`);
  if (type !== 'text') {
    for (const k of ['min_length', 'max_length', 'pattern', 'pattern_message'] as const)
      if (field[k] !== undefined) at([...path, k], `only a text field has ${k} (type is ${type})`);
  }
  if (field.min_length !== undefined && field.max_length !== undefined && field.min_length > field.max_length)
    at(path, `min_length (${field.min_length}) must not be greater than max_length (${field.max_length})`);
  if (field.pattern !== undefined) {
    try {
      new RegExp(field.pattern, 'u');
    } catch (error) {
      at([...path, 'pattern'], `invalid regular expression: ${(error as Error).message}`);
    }
  }
  if (field.not_before !== undefined) {
    if (!ORDERED_TYPES.has(type))
      at([...path, 'not_before'], `only number, year and date fields can have not_before (type is ${type})`);
    const ref = earlier.get(field.not_before);
    if (ref && ref.type !== type)
      at([...path, 'not_before'], `"${field.not_before}" is a ${ref.type} field, this one a ${type}`);
  }
}

function rulesOf(def: RawDefinition, code: string): [EligibilityRule, number][] {
  return def.rules.eligibility
    .map((r, i) => [r, i] as [EligibilityRule, number])
    .filter(([r]) => !r.categories || r.categories.includes(code));
}

/** Every contradiction in the categories' nomination settings and the eligibility rules. */
export function nominationIssues(def: RawDefinition, at: At, commonKeys?: ReadonlySet<string>): void {
  const known = (key: string, own: { has(k: string): boolean }) =>
    own.has(key) || (commonKeys?.has(key) ?? true);
  def.categories.forEach((cat, ci) => {
    const base: Segment[] = ['categories', ci, 'nomination'];
    const n = cat.nomination;
    const fields = new Map<string, NominationField>();
    n?.extra_fields.forEach((field, fi) => {
      const path = [...base, 'extra_fields', fi];
      if (fields.has(field.key)) at([...path, 'key'], `duplicate field key "${field.key}"`);
      if (commonKeys?.has(field.key))
        at([...path, 'key'], `"${field.key}" is already asked of every nominee by the nomination flow`);
      if (field.not_before !== undefined && !fields.has(field.not_before) && !known(field.not_before, fields))
        at(
          [...path, 'not_before'],
          `unknown field "${field.not_before}" (not an earlier field nor a common question)`,
        );
      checkField(field, path, fields, at);
      fields.set(field.key, field);
    });
    const docs = new Set<string>();
    n?.required_documents.forEach((doc, di) => {
      const key = documentKey(doc);
      const path = [...base, 'required_documents', di];
      if (docs.has(key)) at(path, `duplicate document "${key}"`);
      if (fields.has(key) || commonKeys?.has(key))
        at(path, `"${key}" is also the key of a question; give the document its own key`);
      docs.add(key);
    });
    const own = new Set([...fields.keys(), ...docs]);
    cat.criteria.forEach((crit, ki) => {
      crit.evidence?.forEach((key, ei) => {
        if (!known(key, own))
          at(
            ['categories', ci, 'criteria', ki, 'evidence', ei],
            `unknown field "${key}" (not a question or document of ${cat.code})`,
          );
      });
    });
    for (const [rule, ri] of rulesOf(def, cat.code)) {
      const where: Segment[] = ['rules', 'eligibility', ri];
      if (rule.kind === 'requires_document' && !docs.has(rule.document))
        at(
          [...where, 'document'],
          `"${rule.document}" is not in categories[${ci}] (${cat.code}).nomination.required_documents`,
        );
      if (rule.kind === 'min_years_active' && cat.subject === 'organisation')
        at(
          [...where, 'kind'],
          `${cat.code} is an organisation: use min_years_founded (or list the categories it applies to)`,
        );
      if (rule.kind === 'min_years_founded' && cat.subject === 'person')
        at(
          [...where, 'kind'],
          `${cat.code} is a person category: use min_years_active (or list the categories it applies to)`,
        );
      if (rule.kind === 'age_range' && cat.subject === 'organisation')
        at(
          [...where, 'kind'],
          `${cat.code} is an organisation: an age range applies to people (list the categories it applies to)`,
        );
      if ('field' in rule && !known(rule.field, fields))
        at([...where, 'field'], `unknown field "${rule.field}" in category ${cat.code}`);
      const field = 'field' in rule ? fields.get(rule.field) : undefined;
      const wanted = rule.kind === 'age_range' ? 'date' : 'year';
      if (
        'field' in rule &&
        field &&
        field.type !== wanted &&
        !(wanted === 'year' && field.type === 'number')
      )
        at(
          [...where, 'field'],
          `"${rule.field}" of ${cat.code} is a ${field.type} field; ${rule.kind} reads a ${wanted}`,
        );
    }
  });
}

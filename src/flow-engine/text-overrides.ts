/**
 * A registry's own words for an engine text (FlowKinds.texts, a paged list's ChoiceList.texts) are
 * filled with the engine's values: one that drops a {placeholder} loses what it would show, one that
 * adds a placeholder shows it unfilled. Checked when the registry is built (createKinds).
 */
import type { BilingualText, Locale } from './api.ts';
import { type EngineTextKey, et, PLACEHOLDER } from './texts.ts';

/** The {placeholders} of a template, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

const braced = (names: readonly string[]) => names.map((n) => `{${n}}`).join(', ') || 'none';

/** The problem of one locale of an override, else null. */
function localeProblem(where: string, key: string, locale: Locale, own: string): string | null {
  if (own === '' && locale === 'en') return null; // falls back to the Indonesian
  const engine = placeholders(et(key as EngineTextKey, locale));
  const mine = placeholders(own);
  const missing = engine.filter((n) => !mine.includes(n));
  const extra = mine.filter((n) => !engine.includes(n));
  if (missing.length === 0 && extra.length === 0) return null;
  const why = [
    missing.length > 0 ? `drops ${braced(missing)}` : '',
    extra.length > 0 ? `adds ${braced(extra)}, which nothing fills` : '',
  ].filter(Boolean);
  return (
    `${where} text '${key}' (${locale}) ${why.join(' and ')}: ` +
    `it has ${braced(mine)}, the engine text it replaces has ${braced(engine)}`
  );
}

/**
 * The problems of a set of overrides, by key, each naming `where` they come from (`registry`,
 * `list 'juror_nominees'`), the key, the locale and both texts' placeholders.
 */
export function overrideProblems(
  where: string,
  texts: Readonly<Partial<Record<EngineTextKey, BilingualText>>>,
): string[] {
  return Object.entries(texts).flatMap(([key, text]) =>
    text
      ? (['id', 'en'] as const)
          .map((locale) => localeProblem(where, key, locale, text[locale]))
          .filter((p): p is string => p !== null)
      : [],
  );
}

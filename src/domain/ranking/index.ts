/** The ranking of a seleksi: pure computation, canonical form and digest, texts. No I/O. */
export { awardOf, juaraUmum, juaraUmumRegion } from './awards.ts';
export {
  CANONICAL_VERSION,
  CanonicalDocument,
  type CanonicalMethod,
  canonicalInputs,
  canonicalMethod,
  canonicalResults,
  digestOf,
  methodFromCanonical,
} from './canonical.ts';
export { rankingMethodOf, type StoredMethod } from './method.ts';
export {
  awardLabel,
  type CriterionLabels,
  formatScore,
  localTime,
  shortNumber,
  tieNoteText,
} from './notes.ts';
export { DECIMALS, fixed4, round4 } from './numbers.ts';
export {
  type Exclusion,
  exclusionOf,
  jurorNumbers,
  type MissingByJuror,
  missingSheets,
  type PanelJuror,
  type PanelNominee,
  type SheetFacts,
} from './panel.ts';
export { computeRanking } from './rank.ts';
export { jurorTotal, trimmedMean } from './scores.ts';
export { lotOf } from './tie-break.ts';
export type * from './types.ts';

/** The ranking of a seleksi: pure computation, canonical form and digest, texts. No I/O. */
export { awardOf, juaraUmum, juaraUmumRegion } from './awards.ts';
export { CANONICAL_VERSION, canonicalInputs, canonicalResults, digestOf } from './canonical.ts';
export {
  awardLabel,
  type CriterionLabels,
  formatScore,
  localTime,
  shortNumber,
  tieNoteText,
} from './notes.ts';
export { DECIMALS, fixed4, round4 } from './numbers.ts';
export { computeRanking } from './rank.ts';
export { jurorTotal, trimmedMean } from './scores.ts';
export { lotOf } from './tie-break.ts';
export type * from './types.ts';

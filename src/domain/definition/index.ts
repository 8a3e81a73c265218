/** Seleksi definition files: schema, semantic rules and the known pilar list. Pure (no I/O). */
export { KNOWN_PILAR, KNOWN_PILAR_CODES, type PilarInfo } from './pilar.ts';
export { type RegionRecord, resolveDefinitionRegion, SELEKSI_REGION_LEVEL } from './region.ts';
export {
  DEFAULT_TIE_BREAK,
  definitionSchema,
  type EligibilityRule,
  type LocalizedText,
  type RawDefinition,
  type SeleksiRules,
} from './schema.ts';
export {
  checkDefinition,
  DefinitionError,
  type DefinitionIssue,
  formatIssue,
  formatPath,
  parseDefinition,
  type SeleksiDefinition,
} from './validate.ts';

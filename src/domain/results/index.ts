/** The results broadcast's messages and charts: pure composition, no I/O. */
export { CHART_FONT_FAMILY, chartSvg, xmlEscape } from './chart.ts';
export {
  CAPTION_MAX,
  type ComposedMessage,
  categoryAverage,
  composeResults,
  formatScore,
  personalKey,
  personalText,
  rankingKey,
  rankingText,
  topEntries,
} from './messages.ts';
export type * from './types.ts';

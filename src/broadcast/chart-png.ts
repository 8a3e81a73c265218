import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { CHART_FONT_FAMILY } from '../domain/results/index.ts';

/**
 * Renders the charts' SVG to PNG with resvg and the DejaVu Sans files of the dejavu-fonts-ttf
 * package. System fonts are not loaded: a slim container without fonts renders exactly the same
 * image as a desktop, and no text is ever drawn as empty boxes.
 */

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** The font files the charts are drawn with. */
export const CHART_FONT_FILES = [join(fontDir, 'DejaVuSans.ttf'), join(fontDir, 'DejaVuSans-Bold.ttf')];

/** SVG → PNG bytes. */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: CHART_FONT_FILES, defaultFontFamily: CHART_FONT_FAMILY },
  });
  return resvg.render().asPng();
}

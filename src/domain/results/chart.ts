import { formatScore, topEntries } from './messages.ts';
import type { Bilingual, ResultCategory, Results } from './types.ts';

/**
 * A category's ranking as a horizontal bar chart in SVG: one bar per entry of the top N on a 0–100
 * axis, the name and kabupaten/kota beside it, the final score at the bar's end. Pure string
 * building; src/broadcast/chart-png.ts renders it to PNG with the font the project ships, whose
 * family is {@link CHART_FONT_FAMILY}.
 */

/** The font family the SVG asks for (DejaVu Sans, shipped by the dejavu-fonts-ttf package). */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

const WIDTH = 900;
const LEFT = 330;
const RIGHT = 90;
const TOP = 92;
const ROW = 44;
const BAR = 28;
const COLORS = ['#c9a227', '#8e9aa6', '#b0703c'];
const OTHER = '#3a78b5';

/** Escapes text for SVG character data and attribute values. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Shortens a label to about `max` characters (the chart's left column has a fixed width). */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The bar chart of one category's top N, in the locale's language and number format. */
export function chartSvg(results: Results, category: ResultCategory, locale: keyof Bilingual): string {
  const top = topEntries(category, results.topN);
  const height = TOP + Math.max(1, top.length) * ROW + 40;
  const scale = (WIDTH - LEFT - RIGHT) / 100;
  const title =
    locale === 'id'
      ? `Peringkat ${category.code} — ${category.name.id}`
      : `Ranking ${category.code} — ${category.name.en}`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${CHART_FONT_FAMILY}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="24" y="38" font-size="22" font-weight="bold" fill="#1f2933">${xmlEscape(clip(title, 70))}</text>`,
    `<text x="24" y="66" font-size="15" fill="#52606d">${xmlEscape(clip(results.seleksi.name, 100))}</text>`,
  ];
  for (const tick of [0, 25, 50, 75, 100]) {
    const x = LEFT + tick * scale;
    parts.push(
      `<line x1="${x}" y1="${TOP - 8}" x2="${x}" y2="${height - 34}" stroke="#e4e7eb" stroke-width="1"/>`,
      `<text x="${x}" y="${height - 14}" font-size="13" fill="#7b8794" text-anchor="middle">${tick}</text>`,
    );
  }
  if (top.length === 0) {
    const none = locale === 'id' ? 'Tidak ada nominasi yang diperingkat' : 'No nomination was ranked';
    parts.push(`<text x="${LEFT}" y="${TOP + 20}" font-size="16" fill="#52606d">${none}</text>`);
  }
  top.forEach((entry, i) => {
    const y = TOP + i * ROW;
    const width = Math.max(0, Math.min(100, entry.final ?? 0)) * scale;
    const color = entry.rank !== null && entry.rank <= 3 ? COLORS[entry.rank - 1]! : OTHER;
    const label = `${entry.rank}. ${clip(entry.name, 24)}`;
    parts.push(
      `<text x="${LEFT - 12}" y="${y + 13}" font-size="15" fill="#1f2933" text-anchor="end">${xmlEscape(label)}</text>`,
      `<text x="${LEFT - 12}" y="${y + 30}" font-size="12" fill="#7b8794" text-anchor="end">${xmlEscape(clip(entry.region, 36))}</text>`,
      `<rect x="${LEFT}" y="${y}" width="${width.toFixed(1)}" height="${BAR}" rx="3" fill="${color}"/>`,
      `<text x="${(LEFT + width + 8).toFixed(1)}" y="${y + 20}" font-size="15" fill="#1f2933">${formatScore(entry.final, locale)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

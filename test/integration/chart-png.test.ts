import { describe, expect, it } from 'vitest';
import { renderPng } from '../../src/broadcast/chart-png.ts';
import { chartSvg } from '../../src/domain/results/index.ts';
import { tkskResults } from '../unit/results/fixture.ts';

describe('chart PNG (resvg with the shipped font)', () => {
  it('renders a PNG whose pixels depend on the text (the font is found without system fonts)', () => {
    const r = tkskResults(3);
    const png = renderPng(chartSvg(r, r.categories[0]!, 'id'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // Same bars, another name: if no font were loaded, no text would be drawn and both would match.
    r.categories[0]!.entries[0]!.name = 'Siti Aminah binti Hasan';
    const renamed = renderPng(chartSvg(r, r.categories[0]!, 'id'));
    expect(renamed.equals(png)).toBe(false);
    // Rendering is deterministic: the same SVG gives the same bytes.
    expect(renderPng(chartSvg(r, r.categories[0]!, 'id')).equals(renamed)).toBe(true);
  });
});

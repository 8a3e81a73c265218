/** A frozen ranking as text tables for the terminal (Bahasa Indonesia first, English in brackets). */
import type { RankingView, ViewCategory } from '../app/ranking-view.ts';
import { awardLabel, formatScore } from '../domain/ranking/index.ts';

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

function categoryLines(c: ViewCategory, v: RankingView): string[] {
  const minJurors = v.method.min_jurors;
  const zscore = v.method.normalization === 'zscore';
  const head = [
    'Peringkat',
    'Nomor',
    'Nama',
    'Kab/Kota',
    'Nilai akhir',
    ...(zscore ? ['z'] : []),
    ...c.criteria.map((k) => k.code),
    'Juri',
    'Penghargaan',
  ];
  const rows = c.entries.map((e) => [
    e.rank === null ? '—' : String(e.rank),
    e.number,
    cut(e.name, 28),
    cut(e.region, 24),
    e.final === null ? '—' : formatScore(e.final, 'id'),
    ...(zscore ? [e.z === null ? '—' : formatScore(e.z, 'id', 4)] : []),
    ...c.criteria.map((k) => {
      const m = e.criteria[k.code];
      return m === null || m === undefined ? '—' : formatScore(m, 'id');
    }),
    String(e.jurors),
    awardLabel(e.award, 'id'),
  ]);
  const lines = [`${c.code} — ${c.name.id}`];
  if (c.entries.length === 0) return [...lines, '  (belum ada nominasi / no nominees)'];
  const body = table([head, ...rows]);
  lines.push(`  ${body[0]}`);
  c.entries.forEach((e, i) => {
    lines.push(`  ${body[i + 1]}`);
    if (e.tieText) lines.push(`      ↳ seri (tie): ${e.tieText.id}`);
    if (e.flag === 'min_jurors')
      lines.push(
        `      ↳ tidak diperingkat: dinilai ${e.jurors} juri, minimal ${minJurors} (not ranked: fewer jurors than the minimum)`,
      );
  });
  return lines;
}

/** The ranking tables, juara umum, what was missing, and the digest. */
export function renderRanking(v: RankingView): string {
  const lines = [`${v.seleksi} — ${v.name}`, `Peringkat (ranking), metode ${v.method.normalization}:`, ''];
  for (const c of v.categories) lines.push(...categoryLines(c, v), '');
  if (v.juaraUmum && v.juaraUmum.length > 0) {
    lines.push('Juara umum (best region over all categories):');
    for (const r of v.juaraUmum) lines.push(`  ${r.rank}. ${r.regionName} — ${r.points} poin (points)`);
    lines.push('');
  }
  if (v.forced) {
    lines.push('Ditutup paksa (--force); lembar nilai yang belum masuk (missing score sheets):');
    for (const m of v.missing)
      lines.push(`  Juri ${m.juror} ${m.name}: ${m.numbers.length} — ${m.numbers.join(', ')}`);
    lines.push('');
  }
  lines.push(`Digest SHA-256: ${v.digest}`);
  return `${lines.join('\n')}\n`;
}

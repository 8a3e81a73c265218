import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { withServices } from '../../console.ts';
import { pgPoolOf } from '../../db/client.ts';
import { loadRegions } from '../../db/regions.ts';

const LEVEL_LABELS: Record<string, string> = {
  PROVINCE: 'provinsi',
  REGENCY: 'kabupaten/kota',
  DISTRICT: 'kecamatan',
  VILLAGE: 'desa/kelurahan',
};

/** Progress reporter: a bar per level on a terminal, plain lines otherwise (logs, CI, tests). */
export function regionsProgress(): {
  onProgress(level: string, done: number, total: number): void;
  stop(): void;
} {
  if (process.stderr.isTTY) {
    const bars = new cliProgress.MultiBar(
      { format: '{label} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const byLevel = new Map<string, cliProgress.SingleBar>();
    return {
      onProgress(level, done, total) {
        let bar = byLevel.get(level);
        if (!bar) {
          bar = bars.create(total, 0, { label: (LEVEL_LABELS[level] ?? level).padEnd(15) });
          byLevel.set(level, bar);
        }
        bar.update(done);
      },
      stop: () => bars.stop(),
    };
  }
  return {
    onProgress(level, done, total) {
      if (done === 0) return;
      process.stderr.write(`wilayah ${LEVEL_LABELS[level] ?? level}: ${done}/${total}\n`);
    },
    stop() {},
  };
}

export function registerRegions(program: Command): void {
  const regions = program.command('regions').description('Official regions / wilayah resmi (idn-area-data)');
  regions
    .command('load')
    .description('Load provinces, kabupaten/kota, kecamatan and desa/kelurahan / muat semua wilayah')
    .action(async () => {
      const progress = regionsProgress();
      const started = performance.now();
      try {
        const r = await withServices(({ prisma }) =>
          loadRegions(pgPoolOf(prisma), { onProgress: progress.onProgress }),
        );
        progress.stop();
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const changed = r.inserted + r.updated;
        process.stdout.write(
          `Wilayah dimuat dalam ${seconds} dtk: ${r.inserted} baru, ${r.updated} diperbarui, ${r.unchanged} tetap ` +
            `(regions loaded in ${seconds} s: ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged; ` +
            `${changed} changed)\n`,
        );
      } finally {
        progress.stop();
      }
    });
}

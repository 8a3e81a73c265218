import type { Command } from 'commander';
import { loadSeleksiRecord } from '../../app/ranking-facts.ts';
import { rankingJson, readRankingView } from '../../app/ranking-view.ts';
import { SeleksiError } from '../../app/seleksi-errors.ts';
import { withServices } from '../../console.ts';
import { asCliErrors } from '../known-errors.ts';
import { renderRanking } from '../render-ranking.ts';
import { printJson } from '../runtime.ts';

export function registerRanking(program: Command): void {
  program
    .command('ranking')
    .description('Print the frozen ranking / tampilkan peringkat')
    .argument('<id>', 'seleksi id (or code)')
    .option('--category <code>', 'one category only (e.g. TKSK)')
    .option('--json', 'print one JSON document')
    .action(async (id: string, opts: { category?: string; json?: boolean }) => {
      await withServices(({ prisma }) =>
        asCliErrors(async () => {
          const seleksi = await loadSeleksiRecord(prisma, id);
          const category = opts.category?.trim().toUpperCase();
          if (category && !seleksi.categories.some((c) => c.code === category)) {
            throw new SeleksiError(
              `kategori ${category} tidak ada di ${seleksi.code}; pilihan: ${seleksi.categories.map((c) => c.code).join(', ')} (unknown category)`,
            );
          }
          const view = await readRankingView(prisma, seleksi, category);
          if (!view) {
            throw new SeleksiError(
              `${seleksi.code} belum ditutup: belum ada peringkat; jalankan \`seleksi close ${seleksi.code}\` (no ranking yet: close the seleksi first)`,
            );
          }
          if (opts.json) printJson(rankingJson(view));
          else process.stdout.write(renderRanking(view));
        }),
      );
    });
}

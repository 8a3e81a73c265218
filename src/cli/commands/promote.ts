import type { Command } from 'commander';
import { promote } from '../../app/promote.ts';
import { withServices } from '../../console.ts';
import { asCliErrors } from '../known-errors.ts';
import { wholeNumber } from '../options.ts';
import { printJson } from '../runtime.ts';

export function registerPromote(program: Command): void {
  program
    .command('promote')
    .description('Carry the top N per category into the next-level seleksi / promosikan pemenang')
    .requiredOption('--from <id>', 'the closed seleksi (id or code)')
    .requiredOption('--to <id>', 'the next-level seleksi (id or code), in draft or nomination')
    .requiredOption(
      '--top <n>',
      'how many per category (ranks 1..N; a shared rank N brings all who share it)',
      wholeNumber(1),
    )
    .option('--categories <codes>', 'only these categories, comma separated')
    .option('--json', 'print one JSON document')
    .action(async (opts: { from: string; to: string; top: number; categories?: string; json?: boolean }) => {
      await withServices(({ prisma }) =>
        asCliErrors(async () => {
          const r = await promote(prisma, {
            from: opts.from,
            to: opts.to,
            top: opts.top,
            ...(opts.categories ? { categories: opts.categories.split(',') } : {}),
          });
          if (opts.json) {
            printJson(r);
            return;
          }
          const added = r.promoted.filter((p) => p.created).length;
          const lines = r.promoted.map(
            (p) =>
              `  ${p.category} peringkat ${p.rank}: ${p.from} → ${p.number}${p.created ? '' : ' (sudah ada / already there)'}`,
          );
          process.stdout.write(
            `${r.from} → ${r.to}: ${added} nominasi baru, ${r.promoted.length - added} sudah ada (new nominations, already promoted)\n${lines.join('\n')}\n`,
          );
        }),
      );
    });
}

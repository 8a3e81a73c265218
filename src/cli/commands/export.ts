import { extname } from 'node:path';
import type { Command } from 'commander';
import { writeRawScoresCsv } from '../../app/export/csv.ts';
import { gatherExport } from '../../app/export/data.ts';
import { withServices } from '../../console.ts';
import { CliError } from '../errors.ts';
import { asCliErrors } from '../known-errors.ts';

/** Progress on stderr (stdout stays for the result line). */
function progress(what: string): (done: number, total: number) => void {
  return (done, total) =>
    process.stderr.write(`${what}: ${done.toLocaleString('id-ID')}/${total.toLocaleString('id-ID')}\n`);
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Write the results workbook (.xlsx) or the raw scores (.csv) / ekspor hasil')
    .argument('<id>', 'seleksi id (or code)')
    .requiredOption('--out <file>', 'F.xlsx (workbook) or F.csv (raw scores)')
    .option('--anonymous-jurors', 'name jurors "Juri 1", "Juri 2", … instead of their names')
    .action(async (id: string, opts: { out: string; anonymousJurors?: boolean }) => {
      const kind = extname(opts.out).toLowerCase();
      if (kind !== '.xlsx' && kind !== '.csv') {
        throw new CliError(
          `--out harus berakhiran .xlsx atau .csv (--out must end in .xlsx or .csv): ${opts.out}`,
        );
      }
      await withServices(({ prisma }) =>
        asCliErrors(async () => {
          const data = await gatherExport(prisma, id, { anonymousJurors: opts.anonymousJurors ?? false });
          // The workbook writer (exceljs, ~0.25 s of CPU to load) is loaded for a workbook only.
          const write: () => Promise<unknown> =
            kind === '.csv'
              ? () => writeRawScoresCsv(data.raw, opts.out, progress('nilai mentah (raw scores)'))
              : await import('../../app/export/workbook.ts').then(
                  (m) => () => m.writeWorkbook(data, opts.out, progress('nilai mentah (raw scores)')),
                );
          try {
            await write();
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code) throw new CliError(`${opts.out}: tidak dapat ditulis (cannot write: ${code})`);
            throw error;
          }
          process.stdout.write(
            `${opts.out}: ${kind === '.csv' ? `${data.raw.length} nilai (scores)` : `buku kerja ${data.view.categories.length} kategori, ${data.raw.length} nilai (workbook)`}; digest ${data.view.digest}\n`,
          );
        }),
      );
    });
}

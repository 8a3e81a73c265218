import { readFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { importMembers } from '../../app/members-import.ts';
import { withServices } from '../../console.ts';
import { CliError } from '../errors.ts';
import { asCliErrors } from '../known-errors.ts';
import { printJson } from '../runtime.ts';

interface ImportOptions {
  file: string;
  seleksi?: string;
  json?: boolean;
}

/** A bar on a terminal; otherwise a line at every tenth (logs, CI, tests). */
function progressReporter(quiet: boolean): { onProgress(done: number, total: number): void; stop(): void } {
  if (quiet) return { onProgress() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'anggota / members [{bar}] {value}/{total} {eta_formatted}', stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress(done, total) {
        if (!started) bar.start(total, done);
        started = true;
        bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  let shown = -1;
  return {
    onProgress(done, total) {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (done === 0 || tenth === shown) return;
      shown = tenth;
      process.stderr.write(`anggota / members: ${done}/${total}\n`);
    },
    stop() {},
  };
}

export function registerMembers(program: Command): void {
  const members = program.command('members').description('Members of a seleksi / anggota seleksi');
  members
    .command('import')
    .description(
      'Pre-register members from a CSV file (name, phone, optional kabupaten/kota) / impor anggota',
    )
    .requiredOption('--file <path>', 'CSV file: a header row, then one member per row')
    .option('--seleksi <id>', 'seleksi id (or code); may be left out when the database has one seleksi')
    .option('--json', 'print one JSON document')
    .action(async (opts: ImportOptions) => {
      const csv = await readFile(opts.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new CliError(
          `berkas tidak dapat dibaca: ${opts.file} (cannot read the file: ${error.code ?? error.message})`,
        );
      });
      const progress = progressReporter(Boolean(opts.json));
      const result = await withServices(({ prisma }) =>
        asCliErrors(() =>
          importMembers(prisma, { seleksi: opts.seleksi, csv, onProgress: progress.onProgress }),
        ),
      ).finally(() => progress.stop());
      if (opts.json) printJson(result);
      else {
        for (const e of result.errors) process.stderr.write(`baris ${e.line}: ${e.message}\n`);
        process.stdout.write(
          `Anggota ${result.seleksiCode} diimpor: ${result.imported} dari ${result.rows} baris ` +
            `(${result.peopleCreated} orang baru, ${result.membershipsCreated} keanggotaan baru) ` +
            `(members imported: ${result.imported} of ${result.rows} rows; ${result.peopleCreated} new people, ` +
            `${result.membershipsCreated} new memberships)\n`,
        );
      }
      if (result.errors.length > 0) {
        if (!opts.json) {
          process.stderr.write(
            `${result.errors.length} baris dilewati; perbaiki lalu impor ulang, yang sudah ada tidak berubah ` +
              `(${result.errors.length} rows skipped; fix them and import again, what is there stays as it is)\n`,
          );
        }
        process.exitCode = 1;
      }
    });
}

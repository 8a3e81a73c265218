import type { Command } from 'commander';
import { closeSeleksi, MissingScoresError } from '../../app/close.ts';
import { rankingJson, readRankingView } from '../../app/ranking-view.ts';
import { withServices } from '../../console.ts';
import { CliError } from '../errors.ts';
import { asCliErrors } from '../known-errors.ts';
import { renderRanking } from '../render-ranking.ts';
import { printJson } from '../runtime.ts';

/** The missing sheets, one line per juror: juror, count, nominee numbers. */
function missingLines(error: MissingScoresError): string {
  const lines = ['Lembar nilai yang belum masuk (missing score sheets):'];
  for (const m of error.missing) {
    lines.push(`  Juri ${m.juror} ${m.name}: ${m.numbers.length} — ${m.numbers.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerClose(program: Command): void {
  program
    .command('close')
    .description('Close scoring and freeze the ranking / tutup penilaian dan bekukan peringkat')
    .argument('<id>', 'seleksi id (or code)')
    .option('--force', 'freeze with the scores that are there, recording what is missing')
    .option('--wait <seconds>', 'how long to wait for score sheets confirmed before the close', '60')
    .option('--json', 'print one JSON document (the ranking, as `seleksi ranking --json`)')
    .option('--publish', 'then start the results broadcast (as `seleksi publish ID`)')
    .action(
      async (id: string, opts: { force?: boolean; wait: string; json?: boolean; publish?: boolean }) => {
        const waitSeconds = Number(opts.wait);
        if (!Number.isFinite(waitSeconds) || waitSeconds < 0)
          throw new CliError(
            `--wait harus berupa detik, mis. 60 (--wait must be a number of seconds): ${opts.wait}`,
          );
        await withServices(async (services) => {
          const { prisma } = services;
          await asCliErrors(async () => {
            try {
              const r = await closeSeleksi(prisma, id, {
                force: opts.force ?? false,
                waitMs: waitSeconds * 1000,
                onWait: (pending) => {
                  if (pending > 0)
                    process.stderr.write(
                      `Menunggu ${pending} lembar nilai yang dikonfirmasi sebelum penutupan (waiting for ${pending} queued submissions)…\n`,
                    );
                },
              });
              const view = (await readRankingView(prisma, r.seleksi))!;
              if (opts.json) {
                printJson({ ...rankingJson(view), stored: r.created });
                return;
              }
              const note = r.created
                ? `${view.seleksi}: penilaian ditutup, peringkat dibekukan (scoring closed, ranking frozen)`
                : `${view.seleksi}: sudah ditutup; peringkat dihitung ulang dengan digest yang sama (already closed; recomputed, same digest)`;
              process.stdout.write(`${note}\n\n${renderRanking(view)}`);
            } catch (error) {
              if (error instanceof MissingScoresError) {
                if (opts.json)
                  printJson({ seleksi: error.code, closed: error.closed, missing: error.missing });
                else process.stdout.write(missingLines(error));
              }
              throw error;
            }
          });
          // The broadcast's report goes to stderr with --json, so stdout stays one document. publish's
          // stack (the delivery queue, the chart renderer) is loaded only here.
          if (opts.publish) {
            const { runPublish } = await import('./publish.ts');
            await runPublish(services, id, { top: '10', quiet: opts.json ?? false });
          }
        });
      },
    );
}

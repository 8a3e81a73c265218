import type { Command } from 'commander';
import { findSeleksi } from '../../app/invites.ts';
import { changePhase, parseOpenTarget, phaseRefusal, waitForSubmissionsBefore } from '../../app/phase.ts';
import { deadlinesOf } from '../../app/status.ts';
import { outsideWindow } from '../../app/status-warnings.ts';
import { withServices } from '../../console.ts';
import { phaseLabel } from '../../domain/permissions.ts';
import { CliError } from '../errors.ts';
import { asCliErrors } from '../known-errors.ts';

export function registerOpen(program: Command): void {
  program
    .command('open')
    .description('Open the nomination or scoring phase / buka fase nominasi atau penilaian')
    .argument('<id>', 'seleksi id (or code)')
    .argument('<phase>', 'nomination | scoring')
    .option('--wait <seconds>', 'how long to wait for submissions confirmed before the change', '30')
    .option('--force', "open outside the definition's window (recorded as forced)")
    .action(async (id: string, phase: string, opts: { wait: string; force?: boolean }) => {
      const target = parseOpenTarget(phase);
      if (!target)
        throw new CliError(`fase tidak dikenal: ${phase}; pilihan: nomination, scoring (unknown phase)`);
      const waitSeconds = Number(opts.wait);
      if (!Number.isFinite(waitSeconds) || waitSeconds < 0)
        throw new CliError(
          `--wait harus berupa detik, mis. 30 (--wait must be a number of seconds): ${opts.wait}`,
        );
      await withServices(({ prisma }) =>
        asCliErrors(async () => {
          const seleksi = await findSeleksi(prisma, id);
          // Already open (e.g. by `npm start`): nothing to do, and a script going on is right.
          if (seleksi.phase === target) {
            process.stderr.write(
              `${seleksi.code} sudah dalam fase ${phaseLabel(target, 'id')}; tidak ada perubahan ` +
                `(already in ${target.toLowerCase()}; nothing changed)\n`,
            );
            return;
          }
          // The wrong phase is the first thing to say; the window only matters for a move that is possible.
          const refusal = phaseRefusal(seleksi.code, seleksi.phase, target);
          if (refusal) throw new CliError(refusal);
          const { deadlines, timezone } = deadlinesOf(seleksi);
          const outside = outsideWindow(seleksi.code, target, deadlines, timezone, new Date());
          if (outside && !opts.force) throw new CliError(outside);
          const r = await changePhase(prisma, seleksi.id, target, { forced: Boolean(outside) });
          process.stdout.write(
            `${r.code}: fase ${phaseLabel(r.to, 'id')} dibuka (phase ${r.from.toLowerCase()} → ${r.to.toLowerCase()})` +
              `${outside ? ' — di luar jadwal definisi, dengan --force (outside the window, forced)' : ''}\n`,
          );
          const left = await waitForSubmissionsBefore(prisma, r, {
            timeoutMs: waitSeconds * 1000,
            onProgress: (pending) => {
              if (pending > 0)
                process.stdout.write(
                  `Menunggu ${pending} kiriman yang dikonfirmasi sebelum perubahan fase ` +
                    `(waiting for ${pending} submissions confirmed before the change)…\n`,
                );
            },
          });
          if (left > 0)
            process.stdout.write(
              `${left} kiriman masih dalam antrean; akan dinilai menurut fase ${phaseLabel(r.from, 'id')} saat dikonfirmasi ` +
                `(${left} still queued; they will be judged by the ${r.from.toLowerCase()} phase they were confirmed in — is a worker running?)\n`,
            );
        }),
      );
    });
}

import type { Command } from 'commander';
import { openPhase, parseOpenTarget, waitForSubmissionsBefore } from '../../app/phase.ts';
import { phaseLabel } from '../../domain/permissions.ts';
import { CliError } from '../errors.ts';
import { asCliErrors } from '../known-errors.ts';
import { withServices } from '../runtime.ts';

export function registerOpen(program: Command): void {
  program
    .command('open')
    .description('Open the nomination or scoring phase / buka fase nominasi atau penilaian')
    .argument('<id>', 'seleksi id (or code)')
    .argument('<phase>', 'nomination | scoring')
    .option('--wait <seconds>', 'how long to wait for submissions confirmed before the change', '30')
    .action(async (id: string, phase: string, opts: { wait: string }) => {
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
          const r = await openPhase(prisma, id, target);
          process.stdout.write(
            `${r.code}: fase ${phaseLabel(r.to, 'id')} dibuka (phase ${r.from.toLowerCase()} → ${r.to.toLowerCase()})\n`,
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

import type { Command } from 'commander';
import { openPhase, parseOpenTarget } from '../../app/phase.ts';
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
    .action(async (id: string, phase: string) => {
      const target = parseOpenTarget(phase);
      if (!target)
        throw new CliError(`fase tidak dikenal: ${phase}; pilihan: nomination, scoring (unknown phase)`);
      await withServices(({ prisma }) =>
        asCliErrors(async () => {
          const r = await openPhase(prisma, id, target);
          process.stdout.write(
            `${r.code}: fase ${phaseLabel(r.to, 'id')} dibuka (phase ${r.from.toLowerCase()} → ${r.to.toLowerCase()})\n`,
          );
        }),
      );
    });
}

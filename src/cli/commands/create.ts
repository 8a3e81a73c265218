import type { Command } from 'commander';
import { seleksiFromSameDefinition } from '../../app/create-again.ts';
import { createSeleksiFromFile } from '../../app/create-seleksi.ts';
import { withServices } from '../../console.ts';
import { listCategoryCriteriaCounts } from '../../db/categories.ts';
import { asCliErrors } from '../known-errors.ts';

export function registerCreate(program: Command): void {
  program
    .command('create')
    .description(
      'Create a seleksi from a definition file; prints its id (again, if this definition was already created) / buat seleksi dari berkas definisi',
    )
    .requiredOption('-f, --file <file>', 'definition file (YAML), e.g. examples/kalsel-2026.yaml')
    .action(async (opts: { file: string }) => {
      await withServices(({ prisma }) =>
        asCliErrors(async () => {
          const again = await seleksiFromSameDefinition(prisma, opts.file);
          if (again) {
            process.stderr.write(
              `Seleksi ${again.code} sudah dibuat dari definisi yang sama (fase ${again.phase}); id-nya: ` +
                `(already created from the same definition; its id:)\n`,
            );
            process.stdout.write(`${again.id}\n`);
            return;
          }
          const { id, code } = await createSeleksiFromFile(prisma, opts.file);
          const categories = await listCategoryCriteriaCounts(prisma, id);
          const summary = categories.map((c) => `${c.code} (${c.criteria})`).join(', ');
          process.stderr.write(
            `Seleksi ${code} dibuat, fase DRAFT; kategori (kriteria): ${summary} ` +
              `(created in phase DRAFT; next: seleksi invite --seleksi ${id} …, seleksi open ${id} nomination)\n`,
          );
          process.stdout.write(`${id}\n`);
        }),
      );
    });
}

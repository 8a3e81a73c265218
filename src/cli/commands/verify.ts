import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { rankingFileSchema, verifyRanking } from '../../app/verify.ts';
import { CliError } from '../errors.ts';
import { asCliErrors } from '../known-errors.ts';

async function read(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `${file}: tidak dapat dibaca (cannot read: ${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Recompute a ranking from its exported files and check its digest / periksa peringkat')
    .requiredOption('--ranking <file>', 'the output of `seleksi ranking ID --json` (all categories)')
    .requiredOption('--scores <file>', 'the raw scores: `seleksi export ID --out S.csv`')
    .action(async (opts: { ranking: string; scores: string }) => {
      await asCliErrors(async () => {
        let json: unknown;
        try {
          json = JSON.parse(await read(opts.ranking));
        } catch (error) {
          if (error instanceof CliError) throw error;
          throw new CliError(`${opts.ranking}: bukan JSON (not JSON): ${(error as Error).message}`);
        }
        const file = rankingFileSchema.safeParse(json);
        if (!file.success) {
          const issue = file.error.issues[0]!;
          throw new CliError(
            `${opts.ranking}: bukan keluaran \`seleksi ranking --json\` (${issue.path.join('.') || 'document'}: ${issue.message})`,
          );
        }
        const result = verifyRanking(file.data, await read(opts.scores));
        if (result.differences.length > 0) {
          for (const d of result.differences.slice(0, 20)) process.stdout.write(`  ✗ ${d}\n`);
          throw new CliError(
            `peringkat TIDAK cocok dengan nilai mentah: ${result.differences.length} perbedaan (the ranking does NOT match the raw scores)`,
          );
        }
        process.stdout.write(
          `OK: peringkat cocok dengan nilai mentah; digest ${result.digest} (the ranking matches the raw scores)\n`,
        );
      });
    });
}

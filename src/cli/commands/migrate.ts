import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { migrateDeploy } from '../../db/migrate.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply the database migrations / terapkan migrasi basis data')
    .action(async () => {
      const config = loadConfig();
      const output = await migrateDeploy(config.DATABASE_URL);
      const applied = output.includes('have been applied') ? (output.match(/└─ \S+\//g)?.length ?? 1) : 0;
      process.stdout.write(
        applied > 0
          ? `Migrasi diterapkan: ${applied} (migrations applied)\n`
          : 'Basis data sudah mutakhir (database already up to date)\n',
      );
    });
}

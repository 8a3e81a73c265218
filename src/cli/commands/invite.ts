import type { Command } from 'commander';
import {
  createInvite,
  deepLink,
  INVITE_ROLES,
  parseInviteRole,
  resolveBotUsername,
} from '../../app/invites.ts';
import { CliError } from '../errors.ts';
import { asCliErrors } from '../known-errors.ts';
import { printJson, withServices } from '../runtime.ts';

interface InviteOptions {
  seleksi: string;
  role: string;
  region?: string;
  categories?: string;
  name?: string;
  nominee?: string;
  expiresDays?: string;
  json?: boolean;
}

export function registerInvite(program: Command): void {
  program
    .command('invite')
    .description('Create a single-use invite code / buat kode undangan sekali pakai')
    .requiredOption('--seleksi <id>', 'seleksi id (or code)')
    .requiredOption('--role <role>', 'officer | juror | member | admin')
    .option('--region <region>', 'officer: kabupaten/kota (required); juror: home kabupaten; admin: scope')
    .option('--categories <codes>', 'juror: category codes, comma separated (e.g. TKSK,PSM)')
    .option('--name <name>', 'name of the invited person')
    .option('--nominee <number>', 'member: the nominee this person is (hasil shows them their own result)')
    .option('--expires-days <days>', 'days the code stays valid', '30')
    .option('--json', 'print one JSON document')
    .action(async (opts: InviteOptions) => {
      const role = parseInviteRole(opts.role);
      if (!role) {
        throw new CliError(
          `peran tidak dikenal: ${opts.role}; pilihan: ${INVITE_ROLES.map((r) => r.toLowerCase()).join(', ')} (unknown role)`,
        );
      }
      const days = Number(opts.expiresDays ?? '30');
      await withServices(({ config, prisma }) =>
        asCliErrors(async () => {
          const invite = await createInvite(prisma, {
            seleksi: opts.seleksi,
            role,
            region: opts.region,
            categories: opts.categories?.split(','),
            name: opts.name,
            nominee: opts.nominee,
            expiresDays: days,
          });
          const bot = await resolveBotUsername(config);
          const link = bot ? deepLink(bot, invite.code) : null;
          if (opts.json) {
            printJson({
              ...invite,
              expiresAt: invite.expiresAt.toISOString(),
              link,
              whatsapp: `DAFTAR ${invite.code}`,
            });
            return;
          }
          process.stdout.write(`${invite.code}\n${link ? `${link}\n` : ''}`);
          const what = [
            invite.role.toLowerCase(),
            invite.regionName ? `${invite.regionName} (${invite.regionCode})` : null,
            invite.categories.length ? invite.categories.join(',') : null,
            invite.name,
          ]
            .filter(Boolean)
            .join(', ');
          process.stderr.write(
            `Undangan ${invite.seleksiCode}: ${what}; berlaku sampai ${invite.expiresAt.toISOString().slice(0, 10)}, sekali pakai ` +
              `(invite valid until then, single use)\n` +
              `WhatsApp/konsol: kirim "DAFTAR ${invite.code}" ke bot (send it to the bot)` +
              `${link ? '' : `; Telegram: /start ${invite.code}`}\n`,
          );
        }),
      );
    });
}

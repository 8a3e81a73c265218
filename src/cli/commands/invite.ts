import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  type CreatedInvite,
  createInvites,
  deepLink,
  INVITE_ROLES,
  type InviteRole,
  parseInviteRole,
  resolveBotUsername,
} from '../../app/invites.ts';
import { withServices } from '../../console.ts';
import { CliError } from '../errors.ts';
import { asCliErrors } from '../known-errors.ts';
import { wholeNumber } from '../options.ts';
import { printJson } from '../runtime.ts';

interface InviteOptions {
  seleksi: string;
  role: string;
  region?: string;
  categories?: string;
  name?: string;
  nominee?: string;
  expiresDays: number;
  /** false with --no-home-region. */
  homeRegion: boolean;
  reason?: string;
  secondRole?: boolean;
  count: number;
  out?: string;
  json?: boolean;
}

/** A CSV field, quoted when it holds a comma, quote or line break. */
function csv(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The codes as a CSV file: code, Telegram link, the WhatsApp text to send, role, region, expiry. */
function codesCsv(invites: CreatedInvite[], link: (code: string) => string | null): string {
  const rows = invites.map((i) =>
    [
      i.code,
      link(i.code) ?? '',
      `DAFTAR ${i.code}`,
      i.role.toLowerCase(),
      i.regionName ?? '',
      i.expiresAt.toISOString(),
    ]
      .map(csv)
      .join(','),
  );
  return `${['code', 'link', 'whatsapp', 'role', 'region', 'expires_at'].join(',')}\n${rows.join('\n')}\n`;
}

export function registerInvite(program: Command): void {
  program
    .command('invite')
    .description('Create a single-use invite code / buat kode undangan sekali pakai')
    .requiredOption('--seleksi <id>', 'seleksi id (or code)')
    .requiredOption('--role <role>', 'officer | juror | member | admin')
    .option('--region <region>', 'officer: kabupaten/kota (required); juror: home kabupaten; admin: scope')
    .option('--categories <codes>', 'juror: category codes, comma separated (e.g. TKSK,PSM)')
    .option('--no-home-region', 'juror: has no home kabupaten/kota in this seleksi (needs --reason)')
    .option('--reason <text>', 'juror with --no-home-region: why (recorded, shown in status)')
    .option('--second-role', 'grant this role to someone who already has another role in the seleksi')
    .option('--name <name>', 'name of the invited person')
    .option('--nominee <number>', 'member: the nominee this person is (hasil shows them their own result)')
    .option('--expires-days <days>', 'days the code stays valid', wholeNumber(1), 30)
    .option('--count <n>', 'how many codes (e.g. members at scale); one per line', wholeNumber(1), 1)
    .option('--out <file>', 'also write the codes as CSV (code, link, whatsapp, role, region, expires_at)')
    .option('--json', 'print one JSON document')
    .action(async (opts: InviteOptions) => {
      const role = checkedRole(opts);
      await withServices(({ config, prisma }) =>
        asCliErrors(async () => {
          const invites = await createInvites(prisma, inviteRequest(opts, role), opts.count);
          const bot = await resolveBotUsername(config);
          const linkOf = (code: string) => (bot ? deepLink(bot, code) : null);
          if (opts.out) writeFileSync(opts.out, codesCsv(invites, linkOf));
          if (invites.length > 1) printMany(opts, role, invites, linkOf);
          else printOne(opts, invites[0]!, linkOf(invites[0]!.code));
        }),
      );
    });
}

/** The role asked for, once the options agree with each other (else a CliError). */
function checkedRole(opts: InviteOptions): InviteRole {
  const role = parseInviteRole(opts.role);
  if (!role) {
    throw new CliError(
      `peran tidak dikenal: ${opts.role}; pilihan: ${INVITE_ROLES.map((r) => r.toLowerCase()).join(', ')} (unknown role)`,
    );
  }
  if (!opts.homeRegion && !opts.reason?.trim()) {
    throw new CliError('--no-home-region perlu --reason "…" (needs a reason, recorded and shown in status)');
  }
  if (opts.homeRegion && opts.reason !== undefined) {
    throw new CliError('--reason hanya bersama --no-home-region (only with --no-home-region)');
  }
  return role;
}

function inviteRequest(opts: InviteOptions, role: InviteRole) {
  return {
    seleksi: opts.seleksi,
    role,
    region: opts.region,
    categories: opts.categories?.split(','),
    name: opts.name,
    nominee: opts.nominee,
    ...(opts.homeRegion ? {} : { noHomeRegionReason: opts.reason }),
    ...(opts.secondRole ? { secondRole: true } : {}),
    expiresDays: opts.expiresDays,
  };
}

/** Several codes: one per line (with its link), or one JSON array. */
function printMany(
  opts: InviteOptions,
  role: InviteRole,
  invites: CreatedInvite[],
  linkOf: (code: string) => string | null,
): void {
  if (opts.json) {
    printJson(invites.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString(), link: linkOf(i.code) })));
    return;
  }
  process.stdout.write(
    `${invites.map((i) => [i.code, linkOf(i.code)].filter(Boolean).join(' ')).join('\n')}\n`,
  );
  process.stderr.write(
    `${invites.length} undangan ${invites[0]!.seleksiCode} (${role.toLowerCase()}) dibuat, berlaku sampai ` +
      `${invites[0]!.expiresAt.toISOString().slice(0, 10)}, masing-masing sekali pakai` +
      `${opts.out ? `; CSV: ${opts.out}` : ''} (${invites.length} single-use invites)\n`,
  );
}

/** One code: the code and its link on stdout, what it is for on stderr (or one JSON document). */
function printOne(opts: InviteOptions, invite: CreatedInvite, link: string | null): void {
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
    invite.noHomeRegionReason
      ? `tanpa kabupaten/kota asal: ${invite.noHomeRegionReason} (no home region)`
      : null,
    invite.secondRole ? 'peran kedua (second role)' : null,
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
}

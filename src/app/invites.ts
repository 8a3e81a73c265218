import { randomInt } from 'node:crypto';
import { ROLES, type RoleName } from '../core/names.ts';
import type { PrismaClient } from '../db/client.ts';
import { submittedNominationId } from '../db/invite-records.ts';
import { insertInvites } from '../db/invite-sql.ts';
import { recordAudit, seleksiByIdOrCode } from '../db/seleksi-records.ts';
import { coveredKabupaten, jurorHomeRegion, type Place, pickCategories, pickRegion } from './invite-scope.ts';
import { SeleksiError, SeleksiNotFoundError } from './seleksi-errors.ts';

export { coveredKabupaten, pickCategories, pickRegion } from './invite-scope.ts';

/** Invite code letters: no 0/O and 1/I, which people mix up when typing a code from a screen. */
export const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Length of an invite code (32^8 ≈ 10^12 codes). */
export const INVITE_CODE_LENGTH = 8;
/** Days an invite stays usable by default. */
export const DEFAULT_INVITE_DAYS = 30;

export type InviteRole = RoleName;
export const INVITE_ROLES: readonly InviteRole[] = ROLES;

/** A fresh random invite code. `pick` is injectable for tests. */
export function generateInviteCode(pick: (n: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) code += INVITE_ALPHABET[pick(INVITE_ALPHABET.length)];
  return code;
}

/** `officer` / `Juri` / `JUROR` → the role; null when unknown. Accepts the Indonesian words too. */
export function parseInviteRole(text: string): InviteRole | null {
  const t = text.trim().toLowerCase();
  const aliases: Record<string, InviteRole> = {
    officer: 'OFFICER',
    petugas: 'OFFICER',
    juror: 'JUROR',
    juri: 'JUROR',
    penilai: 'JUROR',
    member: 'MEMBER',
    anggota: 'MEMBER',
    admin: 'ADMIN',
  };
  return aliases[t] ?? null;
}

/** The Telegram deep link that registers a chat with the code. */
export function deepLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}

/**
 * The bot's username for deep links: TELEGRAM_BOT_USERNAME when set, else getMe on the Bot API
 * (3 s timeout). Undefined when neither works; the invite is still valid without a link.
 */
export async function resolveBotUsername(
  config: { TELEGRAM_BOT_USERNAME?: string; TELEGRAM_BOT_TOKEN?: string; TELEGRAM_API_ROOT: string },
  fetchImpl: typeof fetch = fetch,
): Promise<string | undefined> {
  if (config.TELEGRAM_BOT_USERNAME) return config.TELEGRAM_BOT_USERNAME;
  if (!config.TELEGRAM_BOT_TOKEN) return undefined;
  try {
    const root = config.TELEGRAM_API_ROOT.replace(/\/+$/, '');
    const res = await fetchImpl(`${root}/bot${config.TELEGRAM_BOT_TOKEN}/getMe`, {
      signal: AbortSignal.timeout(3000),
    });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { ok?: boolean; result?: { username?: string } };
    return body.ok && body.result?.username ? body.result.username : undefined;
  } catch {
    return undefined;
  }
}

export interface CreateInviteInput {
  /** Seleksi id (or code). */
  seleksi: string;
  role: InviteRole;
  /** Officer: kabupaten/kota (required); juror: home kabupaten; admin: scope; member: own kabupaten. */
  region?: string;
  /** Juror: category codes of the seleksi (required). */
  categories?: readonly string[];
  name?: string;
  /** Member: the number of the nomination this person is the nominee of. */
  nominee?: string;
  /**
   * Juror without a home kabupaten/kota (e.g. from the ministry or a university): why. Required when a
   * juror invite has no region, refused with one; recorded on the invite and shown in `status`.
   */
  noHomeRegionReason?: string;
  /** An admin grants this role to someone who already has another role in the seleksi. */
  secondRole?: boolean;
  /** @defaultValue 30 */
  expiresDays?: number;
  now?: Date;
  /** Person id of the admin issuing it, for the audit log. */
  actorId?: string;
}

export interface CreatedInvite {
  id: string;
  code: string;
  seleksiId: string;
  seleksiCode: string;
  role: InviteRole;
  regionCode: string | null;
  regionName: string | null;
  categories: string[];
  name: string | null;
  noHomeRegionReason: string | null;
  secondRole: boolean;
  expiresAt: Date;
}

/** Finds a seleksi by id or code. */
export async function findSeleksi(prisma: PrismaClient, ref: string) {
  const seleksi = await seleksiByIdOrCode(prisma, ref);
  if (!seleksi) throw new SeleksiNotFoundError(ref);
  return seleksi;
}

type FoundSeleksi = Awaited<ReturnType<typeof findSeleksi>>;

/** The invite's region and categories for its role, checked against the seleksi. */
function inviteScope(
  input: CreateInviteInput,
  seleksi: FoundSeleksi,
  kabupaten: Place[],
  noHomeRegionReason: string | null,
): { region: Place | null; categories: string[] } {
  const scopeName = seleksi.region.name;
  const typedRegion = input.region?.trim() || undefined;
  switch (input.role) {
    case 'OFFICER':
      if (!typedRegion) {
        throw new SeleksiError('petugas perlu --region (kabupaten/kota) (an officer invite needs --region)');
      }
      return { region: pickRegion(typedRegion, kabupaten, scopeName), categories: [] };
    case 'JUROR': {
      const categories = pickCategories(input.categories ?? [], seleksi.categories);
      if (categories.length === 0) {
        throw new SeleksiError(
          `juri perlu --categories, mis. ${seleksi.categories.map((c) => c.code).join(',')} (a juror invite needs --categories)`,
        );
      }
      return { region: jurorHomeRegion(typedRegion, noHomeRegionReason, kabupaten, scopeName), categories };
    }
    case 'ADMIN': {
      const places = [{ code: seleksi.region.code, name: seleksi.region.name }, ...kabupaten];
      return { region: typedRegion ? pickRegion(typedRegion, places, scopeName) : null, categories: [] };
    }
    case 'MEMBER':
      return {
        region: typedRegion ? pickRegion(typedRegion, kabupaten, scopeName) : null,
        categories: input.categories?.length ? pickCategories(input.categories, seleksi.categories) : [],
      };
  }
}

/** The nomination a member invite names (`--nominee`), or null when it names none. */
async function inviteNominee(
  prisma: PrismaClient,
  input: CreateInviteInput,
  seleksi: FoundSeleksi,
): Promise<string | null> {
  if (!input.nominee?.trim()) return null;
  if (input.role !== 'MEMBER') {
    throw new SeleksiError('--nominee hanya untuk anggota (only for --role member)');
  }
  const number = input.nominee.trim().toUpperCase();
  const nominationId = await submittedNominationId(prisma, seleksi.id, number);
  if (!nominationId) {
    throw new SeleksiError(`nominasi ${number} tidak ada di ${seleksi.code} (no such nominee)`);
  }
  return nominationId;
}

type InviteRowFields = Parameters<typeof insertInvites>[1];

/** Inserts `count` invites with fresh codes and their audit event in one transaction. */
function insertInviteRows(
  prisma: PrismaClient,
  common: InviteRowFields,
  count: number,
  audit: { actorId: string | null; data: Record<string, unknown> },
): Promise<{ id: string; code: string }[]> {
  return prisma.$transaction(
    async (tx) => {
      const made: { id: string; code: string }[] = [];
      // Random codes rarely collide with older ones (about one in 10^12 per code): draw again for those.
      for (let round = 0; made.length < count; round++) {
        if (round > 5)
          throw new SeleksiError('kode undangan bentrok berulang kali (invite codes kept colliding)');
        const wanted = Math.min(count - made.length, 10_000);
        const codes = new Set<string>();
        while (codes.size < wanted) codes.add(generateInviteCode());
        made.push(...(await insertInvites(tx, common, [...codes])));
      }
      await recordAudit(tx, {
        seleksiId: common.seleksiId,
        actorId: audit.actorId,
        action: 'invite.created',
        data: { ...(count === 1 ? { inviteId: made[0]!.id } : { count }), ...audit.data },
      });
      return made;
    },
    { timeout: 120_000 },
  );
}

/**
 * Creates `count` single-use invites for a role in a seleksi (e.g. 100,000 member codes), in one
 * transaction. Officers need a kabupaten/kota inside the seleksi's region, jurors need categories of
 * the seleksi; region names are matched forgivingly.
 */
export async function createInvites(
  prisma: PrismaClient,
  input: CreateInviteInput,
  count: number,
): Promise<CreatedInvite[]> {
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
    throw new SeleksiError(`--count harus 1 sampai 1.000.000 (must be 1 to 1,000,000): ${count}`);
  }
  const seleksi = await findSeleksi(prisma, input.seleksi);
  const now = input.now ?? new Date();
  const days = input.expiresDays ?? DEFAULT_INVITE_DAYS;
  if (!Number.isInteger(days) || days <= 0) {
    throw new SeleksiError(
      `--expires-days harus bilangan bulat positif (must be a positive whole number): ${days}`,
    );
  }
  const kabupaten = await coveredKabupaten(prisma, seleksi);
  const noHomeRegionReason = input.noHomeRegionReason?.trim() || null;
  if (noHomeRegionReason && input.role !== 'JUROR') {
    throw new SeleksiError('--no-home-region hanya untuk juri (only for --role juror)');
  }
  const { region, categories } = inviteScope(input, seleksi, kabupaten, noHomeRegionReason);
  const nominationId = await inviteNominee(prisma, input, seleksi);
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  const name = input.name?.trim() || null;
  const secondRole = input.secondRole ?? false;
  const regionCode = region?.code ?? null;
  if (nominationId && count > 1) {
    throw new SeleksiError('--nominee hanya untuk satu undangan (one invite per nominee: no --count)');
  }
  const rows = await insertInviteRows(
    prisma,
    {
      seleksiId: seleksi.id,
      role: input.role,
      regionCode,
      categories,
      name,
      nominationId,
      noHomeRegionReason,
      secondRole,
      expiresAt,
    },
    count,
    {
      actorId: input.actorId ?? null,
      data: {
        role: input.role,
        regionCode,
        categories,
        ...(noHomeRegionReason ? { noHomeRegionReason } : {}),
        ...(secondRole ? { secondRole: true } : {}),
      },
    },
  );
  const fields = { seleksiId: seleksi.id, seleksiCode: seleksi.code, role: input.role, regionCode };
  const more = {
    regionName: region?.name ?? null,
    categories,
    name,
    noHomeRegionReason,
    secondRole,
    expiresAt,
  };
  return rows.map((row) => ({ id: row.id, code: row.code, ...fields, ...more }));
}

/** Creates one single-use invite (see {@link createInvites}). */
export async function createInvite(prisma: PrismaClient, input: CreateInviteInput): Promise<CreatedInvite> {
  return (await createInvites(prisma, input, 1))[0]!;
}

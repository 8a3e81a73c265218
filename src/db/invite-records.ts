/** Reads for making invites and registering with one (invite rows are inserted in invite-sql.ts). */
import type { Db, PrismaDb, Tx } from './client.ts';

/** The id of the seleksi's SUBMITTED nomination with this number, or null. */
export async function submittedNominationId(
  db: PrismaDb,
  seleksiId: string,
  number: string,
): Promise<string | null> {
  const nomination = await db.nomination.findFirst({
    where: { seleksiId, number, status: 'SUBMITTED' },
    select: { id: true },
  });
  return nomination?.id ?? null;
}

/** The seleksi's first `take` invites that are neither used nor expired at `now`, oldest first. */
export function unusedInvitesOf(
  db: PrismaDb,
  seleksiId: string,
  take: number,
  now = new Date(),
): Promise<Db.Invite[]> {
  return db.invite.findMany({
    where: { seleksiId, usedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: 'asc' },
    take,
  });
}

const INVITE_INCLUDE = { seleksi: { select: { id: true, name: true, phase: true } } } as const;

/** An invite with its seleksi's id, name and phase, as registration reads it. */
export type RegistrationInvite = Db.Prisma.InviteGetPayload<{ include: typeof INVITE_INCLUDE }>;

/** The invite with this code as typed, else upper-cased, with its seleksi; or null. */
export async function inviteForRegistration(tx: Tx, code: string): Promise<RegistrationInvite | null> {
  return (
    (await tx.invite.findUnique({ where: { code }, include: INVITE_INCLUDE })) ??
    (await tx.invite.findUnique({ where: { code: code.toUpperCase() }, include: INVITE_INCLUDE }))
  );
}

/** Marks the invite used by the person if it is still unused; false when another chat claimed it first. */
export async function claimInvite(tx: Tx, inviteId: string, personId: string, now: Date): Promise<boolean> {
  const claimed = await tx.invite.updateMany({
    where: { id: inviteId, usedAt: null },
    data: { usedAt: now, usedById: personId },
  });
  return claimed.count === 1;
}

/** Creates a person. */
export async function insertPerson(
  tx: Tx,
  person: { id: string; name: string; locale: string; phone?: string },
): Promise<void> {
  await tx.person.create({ data: person });
}

/** Renames a person (when `name` is given) and gives them the phone number when they have none yet. */
export async function renamePersonOrFillPhone(
  tx: Tx,
  id: string,
  change: { name?: string; phone?: string },
): Promise<void> {
  const person = await tx.person.findUnique({ where: { id }, select: { phone: true } });
  await tx.person.update({
    where: { id },
    data: {
      ...(change.name ? { name: change.name } : {}),
      ...(change.phone && !person?.phone ? { phone: change.phone } : {}),
    },
  });
}

/** Sets a person's phone number. */
export async function setPersonPhone(tx: Tx, id: string, phone: string): Promise<void> {
  await tx.person.update({ where: { id }, data: { phone } });
}

/** A person's name, or null when there is no such person. */
export async function personName(tx: Tx, id: string): Promise<string | null> {
  return (await tx.person.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
}

/** The id of the person with this phone number, or null. */
export async function personIdByPhone(tx: Tx, phone: string): Promise<string | null> {
  return (await tx.person.findUnique({ where: { phone }, select: { id: true } }))?.id ?? null;
}

/** A person with the ids of their chats on one channel, or null. */
export function personWithChats(tx: Tx, id: string, channel: Db.Channel) {
  return tx.person.findUnique({
    where: { id },
    select: { id: true, name: true, phone: true, identities: { where: { channel }, select: { id: true } } },
  });
}

/** Binds a chat to a person (creating or moving its channel identity), with its last inbound time. */
export async function bindChatToPerson(
  tx: Tx,
  chat: { personId: string; channel: Db.Channel; externalId: string; at: Date },
): Promise<void> {
  const { personId, channel, externalId, at } = chat;
  await tx.channelIdentity.upsert({
    where: { channel_externalId: { channel, externalId } },
    create: { personId, channel, externalId, lastInboundAt: at },
    update: { personId, lastInboundAt: at },
  });
}

/**
 * Grants a membership. A re-invite to the same role (e.g. a new region) replaces the old terms;
 * createdAt moves to `now` so the handler picks this membership as the current one.
 */
export async function grantMembership(
  tx: Tx,
  key: { personId: string; seleksiId: string; role: Db.Role },
  terms: { regionCode: string | null; categories: string[]; nominationId: string | null; inviteId: string },
  now: Date,
): Promise<void> {
  const { personId, seleksiId, role } = key;
  await tx.membership.upsert({
    where: { personId_seleksiId_role: { personId, seleksiId, role } },
    create: { personId, seleksiId, role, ...terms },
    update: { role, ...terms, createdAt: now },
  });
}

/** The Indonesian and English names of these categories of a seleksi. */
export function categoryNames(
  tx: Tx,
  seleksiId: string,
  codes: string[],
): Promise<{ code: string; nameId: string; nameEn: string }[]> {
  return tx.category.findMany({
    where: { seleksiId, code: { in: codes } },
    select: { code: true, nameId: true, nameEn: true },
  });
}

import { randomUUID } from 'node:crypto';
import type { ChannelName } from '../core/messages.ts';
import type { RoleName } from '../core/names.ts';
import { dbChannel } from '../db/chat-store.ts';
import type { Tx } from '../db/client.ts';
import {
  bindChatToPerson,
  categoryNames,
  claimInvite,
  grantMembership,
  insertPerson,
  inviteForRegistration,
  personIdByPhone,
  personName,
  personWithChats,
  type RegistrationInvite,
  renamePersonOrFillPhone,
  setPersonPhone,
} from '../db/invite-records.ts';
import type { Locale } from '../flow-engine/api.ts';
import type { RegionCache } from './region-cache.ts';
import { currentRoles } from './register-existing.ts';
import { t } from './texts.ts';

/**
 * Binds a chat to the person an invite names: `DAFTAR CODE` (WhatsApp, console) or `/start CODE`
 * (Telegram deep link). Runs inside the inbound handler's transaction, under the chat's lock.
 */

const REGISTER = /^\s*\/?(?:daftar|start)(?:@\w+)?\s+([A-Za-z0-9][A-Za-z0-9_-]{1,63})(?:\s+(ya|yes))?\s*$/i;

/**
 * `DAFTAR CODE`, `/daftar CODE`, `/start CODE`, `/start@bot CODE` (optionally followed by `YA`, the
 * confirmation of a change to an existing registration) → CODE; anything else → null.
 */
export function parseRegisterCommand(text: string): string | null {
  const m = REGISTER.exec(text);
  return m ? m[1]! : null;
}

/** Whether the register command ends in `YA` / `YES`: the person confirms changing their registration. */
export function isRegisterConfirmed(text: string): boolean {
  return Boolean(REGISTER.exec(text)?.[2]);
}

export type RegisterOutcome =
  | {
      ok: true;
      personId: string;
      role: RoleName;
      message: string;
    }
  | { ok: true; personId: string; role: 'LINKED'; message: string }
  | {
      ok: false;
      /** `confirm`: already registered in the seleksi, asked to confirm; `one_role`: another role, not granted. */
      reason: 'unknown' | 'expired' | 'used' | 'already' | 'confirm' | 'one_role';
      message: string;
    };

export interface RegisterInput {
  channel: ChannelName;
  chatId: string;
  code: string;
  /** Display name from the platform, used when the invite names nobody. */
  senderName?: string;
  /** Person already bound to this chat, if any (a second invite adds a role). */
  personId: string | null;
  /** The sender's mobile number (E.164) when the channel tells it: kept on the person for matching. */
  phone?: string;
  locale: Locale;
  now: Date;
  /** The person confirmed changing their registration in this seleksi (`DAFTAR CODE YA`). */
  confirm?: boolean;
}

type FoundInvite = RegistrationInvite;
type CurrentRoles = Awaited<ReturnType<typeof currentRoles>>;

/**
 * The invite when this chat may claim it, with the person's current roles in its seleksi; else the
 * refusal (unknown, expired, used, already theirs, another role, or a change to confirm) or, for
 * the same person on a second channel, the link of this chat to their account.
 */
async function usableInvite(
  tx: Tx,
  regions: RegionCache,
  input: RegisterInput,
): Promise<{ outcome: RegisterOutcome } | { invite: FoundInvite; current: CurrentRoles | null }> {
  const code = input.code.trim();
  const { locale } = input;
  // Codes are printed in capitals, but people type them in any case on a phone keyboard.
  const invite = await inviteForRegistration(tx, code);
  if (!invite)
    return { outcome: { ok: false, reason: 'unknown', message: t('register.unknown', locale, { code }) } };
  const used = {
    ok: false,
    reason: 'used',
    message: t('register.used', locale, { code: invite.code }),
  } as const;
  const expired = invite.expiresAt !== null && invite.expiresAt.getTime() <= input.now.getTime();
  if (invite.usedAt) {
    const already = input.personId !== null && invite.usedById === input.personId;
    if (already) {
      return {
        outcome: {
          ok: false,
          reason: 'already',
          message: t('register.already', locale, { code: invite.code }),
        },
      };
    }
    // The same person on a second channel: a new chat with their code joins their account.
    const linked = !expired && input.personId === null ? await linkChat(tx, invite, input) : null;
    return { outcome: linked ?? used };
  }
  if (expired) {
    return {
      outcome: {
        ok: false,
        reason: 'expired',
        message: t('register.expired', locale, { code: invite.code }),
      },
    };
  }
  const current = input.personId ? await currentRoles(tx, regions, input.personId, invite, locale) : null;
  if (current?.otherRole && !invite.secondRole) {
    return {
      outcome: { ok: false, reason: 'one_role', message: t('register.one_role', locale, current.vars) },
    };
  }
  if (current && !input.confirm) {
    return {
      outcome: { ok: false, reason: 'confirm', message: t('register.confirm', locale, current.vars) },
    };
  }
  return { invite, current };
}

/**
 * Creates the person (or updates the chat's: the invite's name, a phone it lacks), binds the chat
 * to them and grants the invite's membership. Returns the name used.
 */
async function bindPerson(
  tx: Tx,
  invite: FoundInvite,
  current: CurrentRoles | null,
  input: RegisterInput,
  personId: string,
): Promise<string> {
  const name = invite.name?.trim() || input.senderName?.trim() || input.chatId;
  const phone = await freePhone(tx, input.phone);
  if (input.personId === null) {
    await insertPerson(tx, { id: personId, name, locale: input.locale, ...(phone ? { phone } : {}) });
  } else if (invite.name?.trim() || phone) {
    await renamePersonOrFillPhone(tx, personId, {
      ...(invite.name?.trim() ? { name: invite.name.trim() } : {}),
      ...(phone ? { phone } : {}),
    });
  }
  await bindChatToPerson(tx, {
    personId,
    channel: dbChannel(input.channel),
    externalId: input.chatId,
    at: input.now,
  });
  await grantMembership(
    tx,
    { personId, seleksiId: invite.seleksiId, role: invite.role },
    {
      // A juror granted as a second role keeps the officer's kabupaten/kota as home (conflict of interest).
      regionCode: invite.regionCode ?? (invite.role === 'JUROR' ? (current?.officerRegion ?? null) : null),
      categories: invite.categories,
      nominationId: invite.nominationId,
      inviteId: invite.id,
    },
    input.now,
  );
  return name;
}

/** The welcome for the new role: the person's name, region, seleksi and categories in their language. */
async function welcomeMessage(
  tx: Tx,
  regions: RegionCache,
  invite: FoundInvite,
  input: RegisterInput,
  person: { id: string; name: string },
): Promise<string> {
  const { locale } = input;
  const regionName = invite.regionCode
    ? ((await regions.name(tx, invite.regionCode)) ?? invite.regionCode)
    : '-';
  let categories = invite.categories.join(', ');
  if (invite.categories.length > 0) {
    const rows = await categoryNames(tx, invite.seleksiId, invite.categories);
    const label = new Map(rows.map((r) => [r.code, locale === 'en' ? r.nameEn : r.nameId]));
    categories = invite.categories.map((c) => label.get(c) ?? c).join(', ');
  }
  const displayName =
    input.personId === null || invite.name?.trim()
      ? person.name
      : ((await personName(tx, person.id)) ?? person.name);
  // A juror who joins while scoring is open can start now.
  return t(
    invite.role === 'JUROR' && invite.seleksi.phase === 'SCORING'
      ? 'register.welcome.JUROR.scoring'
      : `register.welcome.${invite.role}`,
    locale,
    { name: displayName, region: regionName, seleksi: invite.seleksi.name, categories },
  );
}

/**
 * Validates the invite and, when it is usable, creates the person (or reuses the chat's), the
 * channel identity and the membership, and marks the invite used. The claim is a conditional
 * update, so two chats racing for one code cannot both win.
 */
export async function registerWithInvite(
  tx: Tx,
  regions: RegionCache,
  input: RegisterInput,
): Promise<RegisterOutcome> {
  const usable = await usableInvite(tx, regions, input);
  if ('outcome' in usable) return usable.outcome;
  const { invite, current } = usable;
  const personId = input.personId ?? randomUUID();
  if (!(await claimInvite(tx, invite.id, personId, input.now))) {
    return { ok: false, reason: 'used', message: t('register.used', input.locale, { code: invite.code }) };
  }
  const name = await bindPerson(tx, invite, current, input, personId);
  const message = await welcomeMessage(tx, regions, invite, input, { id: personId, name });
  return { ok: true, personId, role: invite.role, message };
}

/** The phone number, when no person has it yet (one number, one person). */
async function freePhone(tx: Tx, phone: string | undefined): Promise<string | undefined> {
  if (!phone) return undefined;
  return (await personIdByPhone(tx, phone)) ? undefined : phone;
}

/**
 * Binds a new chat to the person who used the invite on another channel — one person, two channels —
 * when that person has no chat on this channel yet (so a code cannot bind a second stranger). Null
 * when it cannot.
 */
async function linkChat(
  tx: Tx,
  invite: { code: string; usedById: string | null },
  input: RegisterInput,
): Promise<RegisterOutcome | null> {
  if (!invite.usedById) return null;
  const channel = dbChannel(input.channel);
  const person = await personWithChats(tx, invite.usedById, channel);
  if (!person || person.identities.length > 0) return null;
  await bindChatToPerson(tx, { personId: person.id, channel, externalId: input.chatId, at: input.now });
  const phone = person.phone ? undefined : await freePhone(tx, input.phone);
  if (phone) await setPersonPhone(tx, person.id, phone);
  return {
    ok: true,
    personId: person.id,
    role: 'LINKED',
    message: t('register.linked', input.locale, { name: person.name, code: invite.code }),
  };
}

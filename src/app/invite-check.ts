import type { PrismaClient } from '../db/client.ts';
import { inviteByTypedCode } from '../db/people-lookup.ts';
import { t } from './texts.ts';

/**
 * Why an invite code cannot register anyone (unknown or expired), as one line in both languages;
 * null when it may (a used code is left to the registration, which tells "already registered"
 * from "used by someone else"). `seleksi chat --as CODE` checks this before opening the chat.
 */
export async function inviteCodeProblem(
  prisma: PrismaClient,
  code: string,
  now = new Date(),
): Promise<string | null> {
  const typed = code.trim();
  const invite = await inviteByTypedCode(prisma, typed);
  const line = (key: 'register.unknown' | 'register.expired', shown: string) =>
    `${t(key, 'id', { code: shown }).replace(/^❌ /, '')} (${t(key, 'en', { code: shown }).replace(/^❌ /, '')})`;
  if (!invite) return line('register.unknown', typed);
  if (!invite.usedAt && invite.expiresAt && invite.expiresAt.getTime() <= now.getTime())
    return line('register.expired', invite.code);
  return null;
}

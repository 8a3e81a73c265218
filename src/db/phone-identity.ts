import type { DbChannelName } from '../core/names.ts';
import type { PrismaClient } from './client.ts';

/**
 * Binds a chat to the person who has this phone number (members import, an earlier registration), when
 * the chat is bound to nobody yet and that person has no chat on this channel yet. Returns true when
 * it bound one. One statement; a chat that is already bound is left as it is.
 */
export async function bindChatByPhone(
  prisma: PrismaClient,
  chat: { channel: DbChannelName; chatId: string; phone: string },
): Promise<boolean> {
  const bound = await prisma.$executeRaw`
    INSERT INTO channel_identity (id, person_id, channel, external_id)
    SELECT gen_random_uuid()::text, p.id, ${chat.channel}::"Channel", ${chat.chatId}
      FROM person p
     WHERE p.phone = ${chat.phone}
       AND NOT EXISTS (SELECT 1 FROM channel_identity ci
                        WHERE ci.person_id = p.id AND ci.channel = ${chat.channel}::"Channel")
    ON CONFLICT (channel, external_id) DO NOTHING`;
  return bound > 0;
}

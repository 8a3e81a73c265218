import { z } from 'zod';

/**
 * The parts of a Telegram update this channel reads, checked before anything reads them. grammY's
 * types promise them; a body that breaks the promise (a message without `chat`, a callback query
 * without `from`) is dropped with a log line instead of throwing deep in the conversion, which in
 * webhook mode would answer 500 and make Telegram send it again forever. Fields not listed here are
 * neither read nor checked.
 */
const id = z.union([z.number(), z.string()]);
const user = z.looseObject({ id, first_name: z.string().optional(), last_name: z.string().optional() });
const chat = z.looseObject({ id });
const file = z.looseObject({
  file_id: z.string(),
  mime_type: z.string().optional(),
  file_name: z.string().optional(),
});

const message = z.looseObject({
  message_id: z.number(),
  date: z.number(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(file).optional(),
  document: file.optional(),
  video: file.optional(),
  voice: file.optional(),
  audio: file.optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  contact: z.looseObject({ phone_number: z.string() }).optional(),
});

const button = z.looseObject({ text: z.string() });

const callbackQuery = z.looseObject({
  id: z.string(),
  from: user,
  data: z.string().optional(),
  message: z
    .looseObject({
      chat,
      reply_markup: z.looseObject({ inline_keyboard: z.array(z.array(button)) }).optional(),
    })
    .optional(),
});

const updateShape = z.looseObject({
  update_id: z.number(),
  message: message.optional(),
  edited_message: z.looseObject({ chat }).optional(),
  callback_query: callbackQuery.optional(),
});

/** Null when the update has the shape the channel reads, else where it does not (for the log). */
export function updateShapeProblem(update: unknown): string | null {
  const parsed = updateShape.safeParse(update);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `${issue?.path.join('.') || 'update'}: ${issue?.message ?? 'invalid'}`;
}

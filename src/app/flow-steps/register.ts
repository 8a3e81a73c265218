import { z } from 'zod';
import type { CompletionHandler } from '../../flow-engine/kinds.ts';

const schema = z.object({ action: z.literal('register'), code: z.string() }).strict();

/** `register`: binds the chat to the invite whose code the step `code` asked (the app answers). */
export const register: CompletionHandler = {
  action: 'register',
  schema,
  registers: true,
  complete(t) {
    const oc = schema.parse(t.flow.on_complete);
    return [{ type: 'register', code: String(t.a.answers[oc.code] ?? '').trim() }];
  },
};

/** The engine's general-purpose step types and the `none` action, for the app's registry (kinds.ts). */
import { z } from 'zod';
import type { CompletionHandler } from '../kinds.ts';

export { date } from './date.ts';
export { decimal } from './decimal.ts';
export { integer } from './integer.ts';
export { document, photo } from './media.ts';
export { note } from './note.ts';
export { phone } from './phone.ts';
export { selectMany } from './select-many.ts';
export { selectOne } from './select-one.ts';
export { summary } from './summary.ts';
export { textStep } from './text.ts';

/** `on_complete: { action: none }` (the default): the flow ends with nothing to do. */
export const noCompletion: CompletionHandler = {
  action: 'none',
  schema: z.object({ action: z.literal('none') }).strict(),
  complete: () => [],
};

import { z } from 'zod';

/** A text in both languages; Indonesian is required, English falls back to it. */
export const labelSchema = z
  .object({
    id: z.string({ error: 'missing Indonesian label (id)' }).min(1, 'Indonesian label (id) is empty'),
    en: z.string().min(1).optional(),
  })
  .strict();
export type Label = z.infer<typeof labelSchema>;

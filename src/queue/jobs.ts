import { z } from 'zod';

/** Data of a submission job: only the outbox row's id (no personal data in Redis). */
export const submissionJobSchema = z.strictObject({ submissionId: z.string().min(1).max(100) });

export type SubmissionJobData = z.infer<typeof submissionJobSchema>;

/**
 * The closed sets of names every layer shares, each defined once: as a list (for checks and
 * loops) and the type derived from it. They mirror the Prisma enums of the same names.
 */

/** The phases of a seleksi, in order (Prisma `Phase`). */
export const PHASES = ['DRAFT', 'NOMINATION', 'SCORING', 'CLOSED', 'PUBLISHED'] as const;
export type PhaseName = (typeof PHASES)[number];

/** A person's roles in a seleksi (Prisma `Role`). */
export const ROLES = ['OFFICER', 'JUROR', 'MEMBER', 'ADMIN'] as const;
export type RoleName = (typeof ROLES)[number];

/** The channels a chat can live on, as the app names them (Prisma `Channel` in lower case). */
export const CHANNELS = ['telegram', 'whatsapp', 'console'] as const;
export type ChannelName = (typeof CHANNELS)[number];
/** A channel as stored (Prisma `Channel`). */
export type DbChannelName = Uppercase<ChannelName>;

/** The kinds of submission (Prisma `SubmissionKind`). */
export const SUBMISSION_KINDS = ['NOMINATION', 'SCORE_SHEET', 'RECUSAL'] as const;
export type SubmissionKindName = (typeof SUBMISSION_KINDS)[number];

/** The kinds of attachment a nomination carries (Prisma `AttachmentKind`). */
export const ATTACHMENT_KINDS = ['PHOTO', 'DOCUMENT'] as const;
export type AttachmentKindName = (typeof ATTACHMENT_KINDS)[number];

/** A text in both languages, Bahasa Indonesia first. */
export interface Bilingual {
  id: string;
  en: string;
}

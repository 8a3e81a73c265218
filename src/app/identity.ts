import type { NomineeRow } from '../db/chat-store.ts';

type Phase = 'DRAFT' | 'NOMINATION' | 'SCORING' | 'CLOSED' | 'PUBLISHED';

/** Who is writing: the person and the membership the handler picked (null when unregistered). */
export interface Identity {
  person: { id: string; name: string; locale: string };
  membership: {
    role: 'OFFICER' | 'JUROR' | 'MEMBER' | 'ADMIN';
    regionCode: string | null;
    categories: string[];
    seleksi: { id: string; code: string; name: string; phase: Phase };
  } | null;
  /** The person's submissions in this seleksi still waiting for the worker. */
  pendingSubmissions: number;
  /** Officer: their kabupaten's nominations, read with the chat (src/db/chat-store.ts); null otherwise. */
  nominations: NomineeRow[] | null;
}

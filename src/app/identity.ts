import type { PhaseName, RoleName } from '../core/names.ts';
import type { NomineeRow } from '../db/chat-store.ts';

/** Who is writing: the person and the membership the handler picked (null when unregistered). */
export interface Identity {
  person: { id: string; name: string; locale: string };
  membership: {
    role: RoleName;
    regionCode: string | null;
    categories: string[];
    seleksi: { id: string; code: string; name: string; phase: PhaseName };
  } | null;
  /** The person's submissions in this seleksi still waiting for the worker. */
  pendingSubmissions: number;
  /** Officer: their kabupaten's nominations, read with the chat (src/db/chat-store.ts); null otherwise. */
  nominations: NomineeRow[] | null;
}

/** A dependency could not be reached at start; the message names it (the CLI prints it as one line). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** The reason a connection failed, in one short line (a driver's error kind, else its last message line). */
export function connectionFailureReason(error: unknown): string {
  const e = error as {
    message?: string;
    code?: string;
    meta?: { driverAdapterError?: { cause?: { kind?: string } } };
  };
  const kind = e?.meta?.driverAdapterError?.cause?.kind;
  if (kind) return kind;
  // Prisma messages start with blank lines and end with the useful one.
  const lines = (e?.message || e?.code || String(error)).split('\n').filter((l) => l.trim() !== '');
  return (lines.at(-1) ?? '').slice(0, 200);
}

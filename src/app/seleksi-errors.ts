/**
 * Expected failures of the admin use-cases (create, invite, open, status). The CLI prints their
 * message as one line; other callers (bot admin flows) may show it as is.
 */
export class SeleksiError extends Error {
  override name = 'SeleksiError';
}

/** No seleksi has this id (or code). */
export class SeleksiNotFoundError extends SeleksiError {
  override name = 'SeleksiNotFoundError';
  constructor(readonly ref: string) {
    super(`seleksi tidak ditemukan: ${ref} (unknown seleksi id or code)`);
  }
}

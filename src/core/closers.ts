/**
 * What a running process must close, in reverse order of opening: a root pushes each connection's
 * close as it opens it, so channels (opened last) stop before the connections under them.
 */
export class Closers {
  private readonly list: (() => Promise<unknown>)[] = [];

  /** @param onError told about a close that failed; the others still run. */
  constructor(private readonly onError: (error: unknown) => void) {}

  push(...close: (() => Promise<unknown>)[]): void {
    this.list.push(...close);
  }

  /** Runs every close once, last pushed first. */
  async closeAll(): Promise<void> {
    for (const close of this.list.splice(0).reverse()) {
      await close().catch(this.onError);
    }
  }
}

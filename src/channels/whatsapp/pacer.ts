/**
 * Paces broadcast messages on one WhatsApp number: each waits until at least `minGapMs` plus a random
 * jitter has passed since the previous one began. WhatsApp bans numbers that send in bulk at a
 * machine's regular rhythm; a gap that varies looks like a person. Only the process that holds the
 * number's lease sends on it, so pacing in that process paces the number.
 */
export interface Pacer {
  /** Resolves when the next message may go (callers queue in order). */
  wait(): Promise<void>;
}

/** Options of {@link createPacer}. */
export interface PacerOptions {
  /** WHATSAPP_MIN_GAP_MS. */
  minGapMs: number;
  /** Up to this fraction of minGapMs is added at random to each gap. @defaultValue 0.5 */
  jitter?: number;
  /** Clock and timer (tests). */
  now?(): number;
  sleep?(ms: number): Promise<void>;
  random?(): number;
}

/** Creates a {@link Pacer}. */
export function createPacer(options: PacerOptions): Pacer {
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const jitter = options.jitter ?? 0.5;
  let nextAt = 0;
  let queue: Promise<void> = Promise.resolve();
  return {
    wait() {
      const turn = queue.then(async () => {
        const delay = nextAt - now();
        if (delay > 0) await sleep(delay);
        nextAt = now() + options.minGapMs + Math.floor(random() * options.minGapMs * jitter);
      });
      queue = turn;
      return turn;
    },
  };
}

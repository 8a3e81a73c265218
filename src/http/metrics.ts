import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ChannelMetrics } from '../core/ports.ts';

/** Queue depth as the queue reports it (helper C's queueStats()). */
export interface QueueDepth {
  waiting: number;
  active: number;
  failed: number;
  delayed?: number;
}

/** Reads a BullMQ queue's depth (for {@link MetricsOptions.queueDepth}). */
export function queueDepthOf(queue: {
  getJobCounts(...states: ('waiting' | 'active' | 'failed' | 'delayed')[]): Promise<Record<string, number>>;
}): () => Promise<QueueDepth> {
  return async () => {
    const counts = await queue.getJobCounts('waiting', 'active', 'failed', 'delayed');
    return {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      failed: counts.failed ?? 0,
      delayed: counts.delayed ?? 0,
    };
  };
}

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Reads the submission queue's depth at scrape time; omitted when this process has no queue. */
  queueDepth?: () => Promise<QueueDepth>;
  /** Process metrics (CPU, memory, event loop). @defaultValue true */
  defaultMetrics?: boolean;
}

/** The Prometheus registry of one process and the hooks channels report into. */
export interface Metrics {
  readonly registry: Registry;
  readonly channel: ChannelMetrics;
  /** The text exposition format for GET /metrics. */
  render(): Promise<string>;
  readonly contentType: string;
}

/** Creates a private registry (no global state: tests and several apps per process stay apart). */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'seleksi_' });
  const updates = new Counter({
    name: 'seleksi_updates_handled_total',
    help: 'Inbound updates handled, by channel and type',
    labelNames: ['channel', 'type'] as const,
    registers: [registry],
  });
  const replyTime = new Histogram({
    name: 'seleksi_reply_seconds',
    help: 'Time from receiving an update to the first reply sent',
    labelNames: ['channel'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    registers: [registry],
  });
  const queueDepth = options.queueDepth;
  let lastDepth: Promise<QueueDepth | null> | undefined;
  // One read per scrape serves both gauges.
  const readDepth = (): Promise<QueueDepth | null> => {
    if (!queueDepth) return Promise.resolve(null);
    lastDepth ??= queueDepth()
      .catch(() => null)
      .finally(() => setTimeout(() => (lastDepth = undefined), 100).unref());
    return lastDepth;
  };
  new Gauge({
    name: 'seleksi_queue_jobs',
    help: 'Submission jobs in the queue, by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const depth = await readDepth();
      if (!depth) return;
      this.set({ state: 'waiting' }, depth.waiting);
      this.set({ state: 'active' }, depth.active);
      this.set({ state: 'failed' }, depth.failed);
      if (depth.delayed !== undefined) this.set({ state: 'delayed' }, depth.delayed);
    },
  });
  new Gauge({
    name: 'seleksi_failed_jobs',
    help: 'Submission jobs that failed for good and are kept for inspection',
    registers: [registry],
    async collect() {
      const depth = await readDepth();
      if (depth) this.set(depth.failed);
    },
  });
  return {
    registry,
    contentType: registry.contentType,
    channel: {
      updateHandled: (channel, type) => updates.inc({ channel, type }),
      replyTime: (channel, seconds) => replyTime.observe({ channel }, seconds),
    },
    render: () => registry.metrics(),
  };
}

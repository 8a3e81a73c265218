/**
 * Support of the fault tests and the recovery bench (not a test file): worker child processes
 * (faults-worker-child.ts) and a producer on a queue prefix.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { renameSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { createRedisConnection } from '../../src/queue/connection.ts';
import { createQueueSubmissionSink, createSubmissionQueue } from '../../src/queue/submission-queue.ts';

/** A worker child process and what it printed so far (`SENT …` lines, `READY`). */
export interface Child {
  proc: ChildProcess;
  lines: string[];
  /** Resolves when it printed READY (never, if it died before). */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let compiled: string | undefined;

/**
 * faults-worker-child.ts compiled once per test process with esbuild (plain JavaScript, dependencies
 * from node_modules, as bench/juror-bench.ts does): started with plain node, a child is ready in a
 * fraction of the time tsx takes to load and transpile the worker's modules in every child. Written to
 * a file of this process and renamed over the shared one, so files compiling at once never read a
 * half-written script.
 */
function workerScript(): string {
  if (compiled) return compiled;
  const dir = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'seleksi-test');
  const outfile = join(dir, 'faults-worker-child.mjs');
  const own = join(dir, `faults-worker-child.${process.pid}.mjs`);
  buildSync({
    entryPoints: [join(import.meta.dirname, 'faults-worker-child.ts')],
    outfile: own,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
  });
  renameSync(own, outfile);
  compiled = outfile;
  return outfile;
}

/** Starts faults-worker-child.ts (compiled, see workerScript) on `prefix` (env: see that file). */
export function spawnWorker(
  databaseUrl: string,
  redisUrl: string,
  prefix: string,
  env: Record<string, string> = {},
): Child {
  const proc = spawn(process.execPath, [workerScript()], {
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let buffer = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) if (line === 'READY') markReady();
    lines.push(...parts);
  });
  const exited = once(proc, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { proc, lines, ready, exited };
}

/** A queue and its SubmissionSink on `prefix`, on a connection of their own. */
export function producer(redisUrl: string, prefix: string) {
  const connection = createRedisConnection(redisUrl);
  const queue = createSubmissionQueue(connection, prefix);
  return {
    queue,
    sink: createQueueSubmissionSink(queue),
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

/** A loopback TCP proxy to Postgres that can be cut (every connection dropped) and restored. */
export async function startTcpProxy(
  target: string,
): Promise<{ url: string; stop(): void; start(): Promise<void> }> {
  const upstream = new URL(target);
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const backend = net.connect(Number(upstream.port || 5432), upstream.hostname);
        sockets.add(client);
        sockets.add(backend);
        client.pipe(backend).pipe(client);
        const drop = () => {
          client.destroy();
          backend.destroy();
          sockets.delete(client);
          sockets.delete(backend);
        };
        client.on('error', drop).on('close', drop);
        backend.on('error', drop).on('close', drop);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    stop() {
      server?.close();
      server = null;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    start: listen,
  };
}

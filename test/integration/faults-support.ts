/**
 * Support of the fault tests and the recovery bench (not a test file): worker child processes
 * (faults-worker-child.ts) and a producer on a queue prefix.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { join } from 'node:path';
import { createRedisConnection } from '../../src/queue/connection.ts';
import { createQueueSubmissionSink, createSubmissionQueue } from '../../src/queue/submission-queue.ts';
import { compileChild } from '../support/compile-child.ts';

/** A worker child process and what it printed so far (`SENT …` lines, `READY`). */
export interface Child {
  proc: ChildProcess;
  lines: string[];
  /** Resolves when it printed READY (never, if it died before). */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts worker children; `dispose` removes the compiled script. */
export interface WorkerScript {
  /** Starts a worker child on `prefix` (env: see faults-worker-child.ts). */
  spawn(databaseUrl: string, redisUrl: string, prefix: string, env?: Record<string, string>): Child;
  dispose(): Promise<void>;
}

/**
 * faults-worker-child.ts compiled once (compile-child.ts): each child starts with plain node, without
 * tsx transpiling the worker's modules again in every child (the kill loop starts six).
 */
export async function compileWorker(): Promise<WorkerScript> {
  const compiled = await compileChild(join(import.meta.dirname, 'faults-worker-child.ts'));
  return {
    spawn: (databaseUrl, redisUrl, prefix, env = {}) =>
      spawnWorker(compiled.file, {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        ...env,
      }),
    dispose: compiled.dispose,
  };
}

function spawnWorker(file: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [file], {
    env: { ...process.env, ...env },
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

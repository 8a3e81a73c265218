/**
 * The measuring process of bench/juror-bench.ts, which runs it compiled (see there).
 *
 * Bench (juror): does a juror's message cost the same in a national round as in a small one?
 * Seeds three scoring rounds in one database — 10, 600 and 5,000 nominations per category (five
 * categories, ~3.7 KB of answers each) with 50 jurors each — and puts every juror at the first
 * criterion of a nominee's scores. The measured message is a typed score ("101", out of range, so
 * the juror stays at the question and every message is alike): the chat read, the nominee being
 * scored, the engine, the session write. Everything runs through the app's inbound handler in
 * process on a node-postgres pool, as the bot runs it.
 *
 * 1. Side by side: one juror of each round in turn, BENCH_ROUNDS rounds of BENCH_BURST messages
 *    (medians per size, and the ratio to the size of 10).
 * 2. 50 jurors of the 600 round in parallel, each a closed loop, BENCH_SECONDS long: messages/s,
 *    p50, p99.
 * The process's peak RSS over the measured parts (sampled every 50 ms) is the bot's: the regions
 * and the rounds are seeded by a child process (bench/juror-bench-seed.ts), so this process holds
 * only what the bot holds (the handler, its pools and caches, the messages in flight), not the
 * region list parsed for the load nor the seed's statements.
 *
 * Env: BENCH_SECONDS (default 10), BENCH_ROUNDS (5), BENCH_BURST (40), BENCH_POOL (10), DATABASE_URL.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { flowKinds } from '../src/app/flow-steps/index.ts';
import { createInboundHandler } from '../src/app/handle-inbound.ts';
import { FLOWS_DIR, projectRoot } from '../src/config/project-root.ts';
import type { InboundMessage } from '../src/core/messages.ts';
import { createPgPool } from '../src/db/client.ts';
import { createFlowEngine } from '../src/flow-engine/engine.ts';
import { loadFlows } from '../src/flow-engine/load.ts';
import { createTestDb } from '../test/support/db.ts';
import type { ScoringRound } from '../test/support/juror-seed.ts';
import { machine, median, percentile } from './stats.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BURST = Number(process.env.BENCH_BURST ?? 40);
const POOL = Number(process.env.BENCH_POOL ?? 10);
const SIZES = [10, 600, 5000] as const;
const JURORS = 50;

/** Loads the regions and seeds the rounds in a child process (see the header); their ids and jurors. */
function seedInChild(url: string): Promise<Map<number, ScoringRound>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(projectRoot, 'bench', 'juror-bench-seed.ts'),
        url,
        String(JURORS),
        ...SIZES.map(String),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`juror-bench-seed exited with ${code}`));
      else resolve(new Map(JSON.parse(out) as [number, ScoringRound][]));
    });
  });
}

const db = await createTestDb('bench_juror');
const pool = createPgPool(db.url, POOL);
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
try {
  const rounds = await seedInChild(db.url);
  const engine = createFlowEngine(loadFlows(FLOWS_DIR, flowKinds), flowKinds);
  const handler = createInboundHandler({
    prisma: db.prisma,
    engine,
    sink: { enqueue: async () => {} },
    pool,
  });
  let nextId = 1;
  const send = async (chatId: string, text: string): Promise<number> => {
    const message: InboundMessage = {
      channel: 'telegram',
      chatId,
      messageId: `m${nextId++}`,
      receivedAt: new Date(),
      senderName: `Juri ${chatId}`,
      content: { type: 'text', text },
    };
    const started = performance.now();
    const replies = await handler.handle(message);
    if (replies.length === 0) throw new Error(`no reply to "${text}" in chat ${chatId}`);
    return performance.now() - started;
  };
  // Every juror: the list, the first nominee (the dossier), "score this nominee" → criterion 1.
  for (const round of rounds.values()) {
    await Promise.all(
      round.jurors.map(async (j) => {
        for (const text of ['nilai', '1', '1']) await send(j.chatId, text);
      }),
    );
  }
  peakRss = process.memoryUsage().rss;
  const rssAfterWarmUp = peakRss;

  // 1. Side by side, one message at a time, sizes in turn.
  const bySize = new Map<number, number[]>(SIZES.map((s) => [s, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const size of SIZES) {
      const chat = rounds.get(size)!.jurors[r % JURORS]!.chatId;
      for (let i = 0; i < BURST; i++) bySize.get(size)!.push(await send(chat, '101'));
    }
  }
  const base = median(bySize.get(10)!);
  const sideBySide = SIZES.map((size) => {
    const ms = bySize.get(size)!.sort((a, b) => a - b);
    return {
      perCategory: size,
      medianMs: Number(median(ms).toFixed(2)),
      p90Ms: Number(percentile(ms, 90).toFixed(2)),
      vsSize10: Number((median(ms) / base).toFixed(2)),
    };
  });

  // 2. 50 jurors of the 600 round in parallel.
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    rounds.get(600)!.jurors.map(async (j) => {
      while (performance.now() < deadline) latencies.push(await send(j.chatId, '101'));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'juror',
        machine: machine(),
        message: 'typed score (out of range: the question again)',
        sideBySide,
        parallel600: {
          jurors: JURORS,
          durationSec: SECONDS,
          messages: latencies.length,
          msgsPerSec: Math.round(latencies.length / seconds),
          p50Ms: Number(percentile(latencies, 50).toFixed(1)),
          p99Ms: Number(percentile(latencies, 99).toFixed(1)),
        },
        peakRssMb: Math.round(peakRss / 1024 / 1024),
        rssAfterWarmUpMb: Math.round(rssAfterWarmUp / 1024 / 1024),
        targets: {
          at600and5000VsSize10: '≤ 1.5',
          msgsPerSecAt600: '≥ 500',
          p99MsAt600: '< 200',
          peakRssMb: '< 400',
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  clearInterval(sampler);
  await pool.end();
  await db.drop();
}

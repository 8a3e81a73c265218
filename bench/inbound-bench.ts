/**
 * Bench (a), handler alone: messages per second and latency (p50/p99) of the app's inbound handler
 * in process — no HTTP, no Telegram — with BENCH_CHATS concurrent chats in the middle of the
 * nomination flow (as bench/telegram-bench.ts puts them there). Each chat is a closed loop of
 * `Budi Santoso` (→ the NIK question) and `kembali` (→ back to the name question): every message is a
 * full handler run (lock, dedupe row, chat load, context, engine, session write).
 *
 * Env: BENCH_CHATS (default 100), BENCH_SECONDS (default 10), BENCH_POOL (node-postgres pool size
 * for the handler's hot path, default 10; 0 = Prisma transactions only), DATABASE_URL.
 * Prints one JSON document (with the machine's load average, since the figures depend on it).
 */

import { flowKinds } from '../src/app/flow-steps/index.ts';
import { createInboundHandler } from '../src/app/handle-inbound.ts';
import { FLOWS_DIR } from '../src/config/project-root.ts';
import type { InboundMessage } from '../src/core/messages.ts';
import { createPgPool } from '../src/db/client.ts';
import { createFlowEngine } from '../src/flow-engine/engine.ts';
import { loadFlows } from '../src/flow-engine/load.ts';
import { createTestDb } from '../test/support/db.ts';
import { seedOfficerInvites } from './seed.ts';
import { machine, percentile } from './stats.ts';

const CHATS = Number(process.env.BENCH_CHATS ?? 100);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const POOL = Number(process.env.BENCH_POOL ?? 10);

const db = await createTestDb('bench_inbound');
const pool = POOL > 0 ? createPgPool(db.url, POOL) : undefined;
try {
  const chats = Array.from({ length: CHATS }, (_, i) => String(7_000_000 + i));
  const { codes } = await seedOfficerInvites(db, chats.length);
  const engine = createFlowEngine(loadFlows(FLOWS_DIR, flowKinds), flowKinds);
  const handler = createInboundHandler({
    prisma: db.prisma,
    engine,
    sink: { enqueue: async () => {} },
    ...(pool ? { pool } : {}),
  });
  let nextId = 1;
  const send = async (chatId: string, text: string): Promise<number> => {
    const message: InboundMessage = {
      channel: 'telegram',
      chatId,
      messageId: String(nextId++),
      receivedAt: new Date(),
      senderName: `Chat ${chatId}`,
      content: { type: 'text', text },
    };
    const started = performance.now();
    const replies = await handler.handle(message);
    if (replies.length === 0) throw new Error(`no reply to "${text}" in chat ${chatId}`);
    return performance.now() - started;
  };
  // Registered, category chosen, at the nominee-name question.
  await Promise.all(
    chats.map(async (chat, i) => {
      await send(chat, `/start ${codes[i]}`);
      await send(chat, 'nominasi');
      await send(chat, 'TKSK');
    }),
  );
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + DURATION_MS;
  await Promise.all(
    chats.map(async (chat) => {
      for (let i = 0; performance.now() < deadline; i++) {
        latencies.push(await send(chat, i % 2 === 0 ? 'Budi Santoso' : 'kembali'));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'inbound-handler',
        machine: machine(),
        chats: CHATS,
        pool: POOL,
        durationSec: DURATION_MS / 1000,
        messages: latencies.length,
        msgsPerSec: Math.round(latencies.length / seconds),
        p50Ms: Number(percentile(latencies, 50).toFixed(1)),
        p99Ms: Number(percentile(latencies, 99).toFixed(1)),
        /** Node's own CPU per message (user + system), the part this process can cut. */
        cpuMsPerMsg: Number(((cpu.user + cpu.system) / 1000 / latencies.length).toFixed(2)),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await pool?.end();
  await db.drop();
}

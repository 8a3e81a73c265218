/**
 * Bench (a): inbound Telegram updates per second and time to reply (p50/p99) in webhook mode, with
 * CHATS concurrent chats in the middle of the nomination flow, beside a bare grammY bot that only
 * echoes, measured in the same run against the same local Bot API stub. Prints one JSON document.
 *
 * The app runs as `node bin/seleksi.js bot` (a child process, as in production) on a private schema.
 * Each chat is a closed loop: POST one update to the webhook, wait for the bot's first sendMessage
 * to that chat (time to reply) and for the webhook response, then send the next. In the flow, a chat
 * alternates between answering the nominee-name question (→ the NIK question) and `kembali`
 * (→ back to the name question): each update is a full handler run (dedupe check, chat load,
 * context, engine, session write) plus its replies.
 *
 * The app and the echo bot take turns for BENCH_ROUNDS closed-loop runs each; the figures are the
 * medians, each round is listed (`perRound`). Then a paced run per bot offers BENCH_PACED_RATE
 * updates/s (default 100: one message per second per chat) and reports the latency at that load.
 *
 * Env: BENCH_CHATS (default 100), BENCH_SECONDS (default 6, per run), BENCH_ROUNDS (default 3),
 * BENCH_PACED_RATE, BENCH_APP_NODE_ARGS (node flags for the app process), DATABASE_URL, REDIS_URL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { projectRoot } from '../src/config/project-root.ts';
import { createTestDb } from '../test/support/db.ts';
import { uniqueQueuePrefix } from '../test/support/redis.ts';
import { TelegramEmulator } from '../test/support/telegram-emulator.ts';
import { seedOfficerInvites } from './seed.ts';
import { machine, percentile } from './stats.ts';

const CHATS = Number(process.env.BENCH_CHATS ?? 100);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 6) * 1000;
/** Closed-loop runs of each bot, taking turns. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECRET = 'bench-webhook-secret';
/** Offered load of the paced run (updates/s over all chats). */
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 100);
/** Extra node flags for the app process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** Replies the stub saw, per chat: resolves the chat's pending wait with the reply's timestamp. */
const waiting = new Map<string, (at: number) => void>();
const stub = await new TelegramEmulator({
  record: false,
  onSend: (m) => {
    const resolve = waiting.get(m.chat_id);
    if (resolve) {
      waiting.delete(m.chat_id);
      resolve(m.at);
    }
  },
}).start();

let nextUpdateId = 1;
/** node:http with keep-alive: much cheaper per request than fetch, so the driver measures the bots. */
const agent = new Agent({ keepAlive: true, maxSockets: 1000 });

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-telegram-bot-api-secret-token': SECRET,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends one text update to the webhook; resolves with the time to the first reply (ms). */
async function exchange(url: string, chatId: number, text: string): Promise<number> {
  const replied = new Promise<number>((resolve) => waiting.set(String(chatId), resolve));
  const update = {
    update_id: nextUpdateId++,
    message: {
      message_id: nextUpdateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: `Chat ${chatId}` },
      from: { id: chatId, is_bot: false, first_name: `Chat ${chatId}`, language_code: 'id' },
      text,
    },
  };
  const started = performance.now();
  const status = await post(url, JSON.stringify(update));
  if (status !== 200) throw new Error(`webhook answered ${status}`);
  const at = await Promise.race([
    replied,
    new Promise<number>((_, reject) =>
      setTimeout(() => reject(new Error(`no reply to "${text}" in chat ${chatId}`)), 30_000).unref(),
    ),
  ]);
  return at - started;
}

/** Runs every chat as a closed loop for DURATION_MS; `say(chat, i)` is the i-th message of a chat. */
async function load(url: string, chats: number[], say: (chat: number, i: number) => string) {
  const latencies: number[] = [];
  const deadline = performance.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    chats.map(async (chat) => {
      for (let i = 0; performance.now() < deadline; i++)
        latencies.push(await exchange(url, chat, say(chat, i)));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    updates: latencies.length,
    seconds: Number(seconds.toFixed(2)),
    updatesPerSec: Math.round(latencies.length / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(1)),
    p99Ms: Number(percentile(latencies, 99).toFixed(1)),
  };
}

/**
 * Paced load: every chat sends one message every CHATS/PACED_RATE seconds (random phase), so the
 * offered load is PACED_RATE updates/s — about one message per second per chat, a busy human.
 * Latency here is not inflated by queueing behind the chat's own previous message.
 */
async function paced(url: string, chats: number[], say: (chat: number, i: number) => string) {
  const interval = (chats.length / PACED_RATE) * 1000;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + DURATION_MS;
  await Promise.all(
    chats.map(async (chat) => {
      let next = started + Math.random() * interval;
      for (let i = 0; next < deadline; i++) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        latencies.push(await exchange(url, chat, say(chat, i)));
        next += interval;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    offeredPerSec: PACED_RATE,
    updatesPerSec: Math.round(latencies.length / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(1)),
    p99Ms: Number(percentile(latencies, 99).toFixed(1)),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** A bot under test: where to POST updates, what each chat says, and how to stop it. */
interface Target {
  url: string;
  say(chat: number, i: number): string;
  /** Throws if the bot logged errors. */
  check(): void;
  stop(): Promise<void>;
}

/** The app as `seleksi bot` on a private schema, every chat brought to the nominee-name question. */
async function startApp(chats: number[]): Promise<Target> {
  const db = await createTestDb('bench_telegram');
  let app: ChildProcess | undefined;
  const stop = async () => {
    if (app) await stopChild(app);
    await db.drop();
  };
  try {
    const { codes } = await seedOfficerInvites(db, chats.length);
    const port = await freePort();
    let log = '';
    app = spawn('node', [...nodeArgs, 'bin/seleksi.js', 'bot'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        TELEGRAM_BOT_TOKEN: stub.token,
        TELEGRAM_API_ROOT: stub.apiRoot,
        TELEGRAM_WEBHOOK_URL: 'https://bench.example.org/tg/hook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_FLOOD_LIMIT: '100000',
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        QUEUE_PREFIX: uniqueQueuePrefix('bench-telegram'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    app.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const ready = Date.now() + 30_000;
    while (stub.webhook === null) {
      if (Date.now() > ready || app.exitCode !== null) throw new Error(`the app did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = `http://127.0.0.1:${port}/tg/hook`;
    // Bring every chat to the middle of the nomination flow: registered, category chosen, at the name.
    await Promise.all(
      chats.map(async (chat, i) => {
        await exchange(url, chat, `/start ${codes[i]}`);
        await exchange(url, chat, 'nominasi');
        await exchange(url, chat, 'TKSK');
      }),
    );
    return {
      url,
      say: (_chat, i) => (i % 2 === 0 ? 'Budi Santoso' : 'kembali'),
      check() {
        if (log.includes('"level":50')) throw new Error(`the app logged errors:\n${log.slice(0, 2000)}`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The baseline: a bare grammY bot that echoes. */
async function startEcho(chats: number[]): Promise<Target> {
  const echo = spawn('node', ['--import', 'tsx', 'bench/telegram-echo-bot.ts'], {
    cwd: projectRoot,
    env: { ...process.env, TOKEN: stub.token, API_ROOT: stub.apiRoot },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: echo.stdout! }), 'line')) as [string];
  const url = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}/`;
  await Promise.all(chats.map((chat) => exchange(url, chat, 'pemanasan'))); // warm-up
  return { url, say: () => 'halo', check() {}, stop: () => stopChild(echo) };
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Run = Awaited<ReturnType<typeof load>>;

/** The medians of a target's closed-loop runs. */
function medians(runs: Run[]) {
  return {
    updatesPerSec: Math.round(median(runs.map((r) => r.updatesPerSec))),
    p50Ms: Number(median(runs.map((r) => r.p50Ms)).toFixed(1)),
    p99Ms: Number(median(runs.map((r) => r.p99Ms)).toFixed(1)),
  };
}

const chats = Array.from({ length: CHATS }, (_, i) => 7_000_000 + i);
const targets: Target[] = [];
try {
  const app = await startApp(chats);
  targets.push(app);
  const echo = await startEcho(chats);
  targets.push(echo);
  // The machine's speed drifts (the echo bot alone measured 2,100 to 4,100 updates/s in one
  // afternoon): the two bots take turns, and each round's ratio compares runs seconds apart.
  const rounds: { app: Run; echo: Run; ratioToEcho: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const appRun = await load(app.url, chats, app.say);
    const echoRun = await load(echo.url, chats, echo.say);
    rounds.push({
      app: appRun,
      echo: echoRun,
      ratioToEcho: Number((appRun.updatesPerSec / echoRun.updatesPerSec).toFixed(2)),
    });
  }
  const appPaced = await paced(app.url, chats, app.say);
  const echoPaced = await paced(echo.url, chats, echo.say);
  app.check();
  const appFigures = { ...medians(rounds.map((r) => r.app)), paced: appPaced };
  const echoFigures = { ...medians(rounds.map((r) => r.echo)), paced: echoPaced };
  const ratio = Number(median(rounds.map((r) => r.ratioToEcho)).toFixed(2));
  const goals = { updatesPerSec: 500, p99Ms: 200, ratioToEcho: 0.5 };
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'telegram-webhook',
        machine: machine(),
        chats: CHATS,
        durationSec: DURATION_MS / 1000,
        rounds: ROUNDS,
        app: appFigures,
        echo: echoFigures,
        ratioToEcho: ratio,
        perRound: rounds,
        targets: goals,
        meets: {
          updatesPerSec: appFigures.updatesPerSec >= goals.updatesPerSec,
          p99Ms: appFigures.p99Ms < goals.p99Ms,
          pacedP99Ms: appPaced.p99Ms < goals.p99Ms,
          ratioToEcho: ratio >= goals.ratioToEcho,
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  for (const t of targets.reverse()) await t.stop();
  agent.destroy();
  await stub.stop();
}

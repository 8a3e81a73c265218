/**
 * The pieces of the Telegram webhook bench (bench/telegram-bench.ts) that are not measuring: the
 * local Bot API stub, the client that posts one update and waits for its reply, and the two bots
 * under test (the app as `seleksi bot`, the bare grammY echo bot) started as child processes.
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

const SECRET = 'bench-webhook-secret';
/** Extra node flags for the app process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** Replies the stub saw, per chat: resolves the chat's pending wait with the reply's timestamp. */
const waiting = new Map<string, (at: number) => void>();
export const stub = await new TelegramEmulator({
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
export const agent = new Agent({ keepAlive: true, maxSockets: 1000 });

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
export async function exchange(url: string, chatId: number, text: string): Promise<number> {
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
export interface Target {
  url: string;
  say(chat: number, i: number): string;
  /** Throws if the bot logged errors. */
  check(): void;
  stop(): Promise<void>;
}

/** The app as `seleksi bot` on a private schema, every chat brought to the nominee-name question. */
export async function startApp(chats: number[]): Promise<Target> {
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
export async function startEcho(chats: number[]): Promise<Target> {
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

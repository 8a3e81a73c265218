import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { TelegramAdapter } from '../channels/telegram/adapter.ts';
import type { HealthReport } from './healthz.ts';
import type { Metrics } from './metrics.ts';

/** A webhook the server routes POST requests to. */
export interface WebhookRoute {
  path: string;
  /** Requests without this value in X-Telegram-Bot-Api-Secret-Token get 401. */
  secret: string;
  /** Handles the parsed JSON body; resolves once handled (then the server answers 200). */
  handle(body: unknown): Promise<void>;
  /** True when the channel no longer takes updates: answer 503 so the sender retries later. */
  isStopping(): boolean;
}

/** The Telegram adapter's webhook as a route (none in polling mode or without Telegram). */
export function telegramWebhookRoutes(telegram: TelegramAdapter | null): WebhookRoute[] {
  if (!telegram?.webhookPath || !telegram.webhookSecret) return [];
  return [
    {
      path: telegram.webhookPath,
      secret: telegram.webhookSecret,
      handle: (update) => telegram.handleWebhookUpdate(update as Update),
      isStopping: () => telegram.stopping,
    },
  ];
}

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  logger: Logger;
  health: () => Promise<HealthReport>;
  metrics: Metrics;
  webhooks?: WebhookRoute[];
  /** @defaultValue 1 MiB */
  maxBodyBytes?: number;
}

export interface HttpServer {
  readonly port: number;
  /** Stops accepting connections and waits for open requests to end. */
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

/**
 * Reads the body up to `max` bytes. A bigger one rejects with BodyTooLarge at once (from its
 * Content-Length when given) and the rest is read and dropped, so the client gets the 413 rather
 * than a reset connection.
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > max;
    if (tooLarge) reject(new BodyTooLarge());
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > max) {
        tooLarge = true;
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The webhook body as a Telegram update (an object with a numeric update_id), null if it is not one. */
async function readUpdate(req: IncomingMessage, max: number): Promise<object | null | 'too large'> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, max)).toString('utf8'));
  } catch (error) {
    if (error instanceof BodyTooLarge) return 'too large';
    return null;
  }
  const isUpdate =
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { update_id?: unknown }).update_id === 'number';
  return isUpdate ? (body as object) : null;
}

function secretMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The bot's HTTP server (node:http): the webhook (POST, secret checked on every request),
 * GET /healthz and GET /metrics. Runs in polling mode too, for health and metrics.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const log = options.logger.child({ component: 'http' });
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const routes = new Map((options.webhooks ?? []).map((w) => [w.path, w]));

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      const report = await options.health();
      send(res, report.ok ? 200 : 503, JSON.stringify(report));
      return;
    }
    if (path === '/metrics' && req.method === 'GET') {
      send(res, 200, await options.metrics.render(), options.metrics.contentType);
      return;
    }
    const webhook = routes.get(path);
    if (!webhook) {
      send(res, 404, JSON.stringify({ error: 'not found' }));
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, JSON.stringify({ error: 'use POST' }));
      return;
    }
    if (!secretMatches(req.headers['x-telegram-bot-api-secret-token'], webhook.secret)) {
      log.warn({ path }, 'webhook request with a missing or wrong secret token');
      send(res, 401, JSON.stringify({ error: 'wrong secret token' }));
      return;
    }
    if (webhook.isStopping()) {
      send(res, 503, JSON.stringify({ error: 'shutting down' }));
      return;
    }
    const body = await readUpdate(req, maxBody);
    if (body === 'too large' || body === null) {
      // Malformed with the right secret: Telegram would resend it forever on an error status. Dropped.
      log.warn(
        { path, maxBody },
        body ? 'webhook body too large; answered 413' : 'webhook body is not a Telegram update; dropped',
      );
      if (body) send(res, 413, JSON.stringify({ error: 'body too large' }));
      else send(res, 200, '{"ok":true,"dropped":true}');
      return;
    }
    try {
      await webhook.handle(body);
      send(res, 200, '{"ok":true}');
    } catch (error) {
      if (webhook.isStopping()) {
        send(res, 503, JSON.stringify({ error: 'shutting down' }));
        return;
      }
      log.error({ err: error }, 'webhook update failed');
      send(res, 500, JSON.stringify({ error: 'update failed' }));
    }
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'http request failed');
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'internal error' }));
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject).listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'http server listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

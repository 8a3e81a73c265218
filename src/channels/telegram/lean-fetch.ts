import { type Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';

/** The part of a fetch response grammY's API client reads. */
interface LeanResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

interface LeanInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
  signal?: AbortSignal;
  agent?: Agent;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}

/**
 * A minimal `fetch` for grammY's API client on node:http(s) with grammY's keep-alive agent. grammY only
 * POSTs (JSON text, or a multipart stream for uploads) and reads `res.json()`; node-fetch's Request/
 * Response/Headers machinery cost about a third of the CPU of each sendMessage under load. Network
 * errors and aborts reject (grammY turns them into HttpError, which retry.ts retries); Bot API errors
 * (429, 5xx) arrive as JSON bodies, exactly as with node-fetch.
 */
export function leanFetch(url: string | URL, init: LeanInit = {}): Promise<LeanResponse> {
  return new Promise((resolve, reject) => {
    const signal = init.signal;
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const target = typeof url === 'string' ? new URL(url) : url;
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = init.body;
    const headers: Record<string, string | number> = { ...init.headers };
    if (typeof body === 'string') headers['content-length'] = Buffer.byteLength(body);
    else if (Buffer.isBuffer(body)) headers['content-length'] = body.length;
    const req = request(target, {
      method: init.method ?? 'GET',
      headers,
      ...(init.agent ? { agent: init.agent } : {}),
    });
    const onAbort = () => req.destroy(abortError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    req.on('error', (error) => {
      done();
      reject(error);
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      const text = new Promise<string>((resolveText, rejectText) => {
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          done();
          resolveText(Buffer.concat(chunks).toString('utf8'));
        });
        res.on('error', (error) => {
          done();
          rejectText(error);
        });
        res.on('aborted', () => rejectText(new Error('the response was cut off')));
      });
      text.catch(() => undefined); // read by json(); avoid an unhandled rejection before that
      const status = res.statusCode ?? 0;
      resolve({
        ok: status >= 200 && status < 300,
        status,
        json: async () => JSON.parse(await text) as unknown,
      });
    });
    if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else {
      body.on('error', (error) => req.destroy(error));
      body.pipe(req);
    }
  });
}

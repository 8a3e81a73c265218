import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { OutboundMessage } from '../../core/messages.ts';
import type { ChannelAdapter, InboundHandler } from '../../core/ports.ts';
import { renderConsoleMessage } from './render.ts';
import { consoleInbound } from './to-inbound.ts';

/** Options of {@link createConsoleAdapter}. */
export interface ConsoleAdapterOptions {
  /** The local chat identity (chatId of every message). */
  user: string;
  input: Readable;
  output: Writable;
  /** A person at a terminal: show a prompt. Otherwise lines are read one by one from a script. */
  interactive: boolean;
  /** Lines handled before the input is read (`DAFTAR CODE` for `--as`). */
  firstLines?: string[];
  /** Told about a message that could not be handled (the chat goes on). */
  onError?: (error: unknown) => void;
}

/** The terminal channel; `finished` resolves once the input ended and every line was answered. */
export interface ConsoleAdapter extends ChannelAdapter {
  readonly finished: Promise<void>;
}

/**
 * The console channel behind `seleksi chat`: each input line is one inbound message of the chat
 * `user`, handled strictly in order; replies and later notifications (the worker's
 * confirmations) are written to the output, choices as numbered options.
 */
export function createConsoleAdapter(options: ConsoleAdapterOptions): ConsoleAdapter {
  const { user, output, interactive } = options;
  let rl: Interface | null = null;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const pending: string[] = [...(options.firstLines ?? [])];
  let busy = false;
  let ended = false;

  const write = (messages: OutboundMessage[], to = user) => {
    if (messages.length === 0) return;
    const prefix = to === user ? '' : `[→ ${to}] `;
    const text = messages.map((m) => prefix + renderConsoleMessage(m)).join('\n\n');
    if (interactive) output.write('\r\x1b[K');
    output.write(`${text}\n\n`);
    if (interactive && !busy && !ended) rl?.prompt(true);
  };

  async function drain(handler: InboundHandler): Promise<void> {
    if (busy) return;
    busy = true;
    while (pending.length > 0) {
      const line = pending.shift()!;
      try {
        const inbound = consoleInbound(user, line);
        write('refused' in inbound ? [{ text: inbound.refused }] : await handler.handle(inbound));
      } catch (error) {
        options.onError?.(error);
        output.write(
          '⚠️ Maaf, pesan ini tidak dapat diproses. (Sorry, this message could not be handled.)\n\n',
        );
      }
    }
    busy = false;
    if (ended) finish();
    else if (interactive) rl?.prompt();
  }

  return {
    name: 'console',
    finished,
    async start(handler) {
      rl = createInterface({
        input: options.input,
        ...(interactive ? { output, terminal: true, prompt: `${user}> ` } : { terminal: false }),
      });
      rl.on('line', (line) => {
        if (line.trim() === '') {
          if (interactive && !busy) rl?.prompt();
          return;
        }
        pending.push(line);
        void drain(handler);
      });
      rl.on('close', () => {
        ended = true;
        if (!busy && pending.length === 0) finish();
      });
      if (pending.length > 0) void drain(handler);
      else if (interactive) rl.prompt();
    },
    async send(chatId, message) {
      write([message], chatId);
    },
    async stop() {
      ended = true;
      rl?.close();
      if (!busy) finish();
    },
  };
}

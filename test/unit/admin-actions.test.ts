import { describe, expect, it } from 'vitest';
import { runAdminActions } from '../../src/app/admin-chat.ts';
import type { OutboundMessage } from '../../src/core/messages.ts';

describe('runAdminActions', () => {
  it('sends the announcement before the outcome, even when the action ends at once', async () => {
    const sent: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const notifier = {
      async send(_to: unknown, messages: OutboundMessage[]) {
        // The announcement is slower to send than the action is to end.
        if (messages[0]?.text.startsWith('⏳')) await new Promise((r) => setTimeout(r, 20));
        sent.push(...messages.map((m) => m.text));
        if (sent.length === 2) done();
      },
    };
    runAdminActions({ notifier }, [async () => ({ text: '✅ Siaran hasil berjalan' })], {
      channel: 'telegram',
      chatId: '1',
      replies: [{ text: '⏳ Menyiapkan siaran hasil…' }],
    });
    await finished;
    expect(sent).toEqual(['⏳ Menyiapkan siaran hasil…', '✅ Siaran hasil berjalan']);
  });

  it('still runs the action when the announcement cannot be sent, and logs it', async () => {
    const errors: string[] = [];
    const ran = new Promise<string>((resolve) => {
      runAdminActions(
        {
          notifier: {
            async send(_to: unknown, messages: OutboundMessage[]) {
              if (messages[0]?.text.startsWith('⏳')) throw new Error('chat blocked');
              resolve(messages[0]!.text);
            },
          },
        },
        [async () => ({ text: '✅ Penilaian ditutup' })],
        { channel: 'whatsapp', chatId: '2', replies: [{ text: '⏳ Menutup penilaian…' }] },
        { error: (_obj: unknown, msg?: string) => errors.push(msg ?? '') },
      );
    });
    expect(await ran).toBe('✅ Penilaian ditutup');
    expect(errors).toEqual(['admin action announcement not sent']);
  });

  it('counts an action as running until its outcome was sent, for a process to wait for before it stops', async () => {
    const running = new Set<Promise<void>>();
    const sent: string[] = [];
    let finish!: () => void;
    const action = () =>
      new Promise<{ text: string }>((resolve) => {
        finish = () => resolve({ text: '✅ selesai' });
      });
    runAdminActions(
      {
        notifier: {
          send: async (_to: unknown, m: OutboundMessage[]) => void sent.push(...m.map((x) => x.text)),
        },
        running,
      },
      [action],
      { channel: 'console', chatId: 'ani', replies: [{ text: '⏳ …' }] },
    );
    expect(running.size).toBe(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual(['⏳ …']);
    expect(running.size).toBe(1);
    finish();
    await Promise.allSettled([...running]);
    expect(sent).toEqual(['⏳ …', '✅ selesai']);
    await new Promise((r) => setImmediate(r));
    expect(running.size).toBe(0);
  });
});

/**
 * Issue 15 item 8: a console chat's messages reach the process holding that chat, whichever
 * process's worker sends them (channels/console/relay.ts over Redis pub/sub).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ConsoleChatClosedError, openConsoleRelay } from '../../src/channels/console/relay.ts';
import { createNotifier } from '../../src/channels/notifier.ts';
import type { OutboundMessage } from '../../src/core/messages.ts';
import { createLogger } from '../../src/log.ts';
import { createRedisConnection } from '../../src/queue/connection.ts';
import { testRedisUrl, uniqueQueuePrefix } from '../support/redis.ts';

const prefix = uniqueQueuePrefix('console-relay');
const redis = createRedisConnection(testRedisUrl, { name: 'test-console-relay' });
afterAll(async () => {
  await redis.quit();
});

describe('console relay', () => {
  it("delivers to the chat's own process only, from another process's notifier", async () => {
    const got: Record<string, string[]> = { budi: [], rina: [] };
    const open = (user: string) =>
      openConsoleRelay(testRedisUrl, prefix, user, async (m: OutboundMessage) => {
        got[user]!.push(m.text);
      });
    const budi = await open('budi');
    const rina = await open('rina');
    try {
      // What `seleksi start`/`worker` uses (no console adapter of its own).
      const other = createNotifier(new Map(), createLogger({ level: 'silent' }), { redis, prefix });
      await other.send({ channel: 'console', chatId: 'budi' }, [{ text: '✅ Nominasi tercatat: X-001' }]);
      // rina's own worker confirming budi's submission, as a `seleksi chat` process would.
      await rina.notifier.send({ channel: 'console', chatId: 'budi' }, [{ text: '✅ Penilaian tercatat' }]);
      await budi.sync();
      await rina.sync();
      expect(got).toEqual({ budi: ['✅ Nominasi tercatat: X-001', '✅ Penilaian tercatat'], rina: [] });
      await expect(
        other.send({ channel: 'console', chatId: 'nobody' }, [{ text: 'x' }]),
      ).rejects.toBeInstanceOf(ConsoleChatClosedError);
      await expect(rina.notifier.send({ channel: 'telegram', chatId: '1' }, [{ text: 'x' }])).rejects.toThrow(
        /no telegram channel/,
      );
    } finally {
      await budi.close();
      await rina.close();
    }
  });
});

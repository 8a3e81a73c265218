/**
 * What publishing and the admin's chat commands need, built from the configuration in one place for the
 * three processes that publish: `seleksi start`'s handler, a `seleksi chat` and `seleksi publish`.
 */
import type { AdminChatDeps } from '../app/admin-chat.ts';
import { closeSeleksi } from '../app/close.ts';
import type { PublishDeps } from '../app/publish.ts';
import type { Config } from '../config/config.ts';
import type { Notifier } from '../core/ports.ts';
import type { PrismaClient } from '../db/client.ts';
import { type OpenDispatcher, openDispatcher } from './dispatcher.ts';
import { channelPaces } from './start.ts';

type PublishConfig = Parameters<typeof channelPaces>[0] & Pick<Config, 'REDIS_URL' | 'QUEUE_PREFIX'>;

/**
 * The delivery queues' dispatcher, each configured channel's pace, and the chart renderer. The
 * dispatcher's Redis connection is opened by the first dispatch (every chat and `seleksi start` has
 * these deps; few ever publish) and closed by `close`; resvg, a native module, is loaded on the first
 * publish only.
 */
export function openPublishDeps(
  prisma: PrismaClient,
  config: PublishConfig,
): { deps: PublishDeps; close(): Promise<void> } {
  let opened: OpenDispatcher | undefined;
  const deps: PublishDeps = {
    prisma,
    dispatcher: {
      dispatch: (...args) => {
        opened ??= openDispatcher(config.REDIS_URL, config.QUEUE_PREFIX);
        return opened.dispatch(...args);
      },
    },
    channels: channelPaces(config),
    renderPng: async (svg: string) => (await import('./chart-png.ts')).renderPng(svg),
  };
  return { deps, close: async () => opened?.close() };
}

/**
 * The admin's `status`, `tutup` and `umumkan` in a chat: publishing as above, closing, and their
 * notices. `idle` waits for the confirmed actions under way (and their notices); `close` too, then
 * closes the dispatcher, so a process that stops never cuts a publish short.
 */
export function openAdminChat(
  prisma: PrismaClient,
  config: PublishConfig,
  notifier: Notifier,
): { admin: AdminChatDeps; idle(): Promise<void>; close(): Promise<void> } {
  const publish = openPublishDeps(prisma, config);
  const close = async (seleksiId: string, actorId: string) => {
    const r = await closeSeleksi(prisma, seleksiId, { actorId });
    return { code: r.seleksi.code, digest: r.digest };
  };
  const running = new Set<Promise<void>>();
  const idle = async () => {
    while (running.size > 0) await Promise.allSettled([...running]);
  };
  return {
    admin: { prisma, notifier, publish: publish.deps, close, running },
    idle,
    async close() {
      await idle();
      await publish.close();
    },
  };
}

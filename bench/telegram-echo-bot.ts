/**
 * The baseline of the Telegram bench: a bare grammY bot in webhook mode that only echoes text.
 * Run by bench/telegram-bench.ts as a child process (same conditions as the app): prints
 * `{"port":N}` on stdout once listening. Env: TOKEN, API_ROOT.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, webhookCallback } from 'grammy';

const token = process.env.TOKEN!;
const bot = new Bot(token, {
  client: { apiRoot: process.env.API_ROOT! },
  botInfo: {
    id: Number(token.split(':')[0]),
    is_bot: true,
    first_name: 'Echo',
    username: 'EchoBot',
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  },
});
bot.on('message:text', (ctx) => ctx.reply(ctx.message.text));
const server = createServer(webhookCallback(bot, 'http'));
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

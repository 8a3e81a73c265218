import type { ChannelName, InboundContent, OutboundMessage } from '../core/messages.ts';
import type { Notifier } from '../core/ports.ts';
import type { PrismaClient } from '../db/client.ts';
import { seleksiRegion } from '../db/seleksi-records.ts';
import { canAdminister, phaseLabel } from '../domain/permissions.ts';
import { formatScore } from '../domain/results/index.ts';
import type { Locale } from '../flow-engine/api.ts';
import type { Logger } from '../log.ts';
import type { Identity } from './context.ts';
import { phaseRefusal } from './phase.ts';
import { etaOf, type PublishDeps, previewPublish, publishResults } from './publish.ts';
import { SeleksiError } from './seleksi-errors.ts';
import { getSeleksiStatus, localDay } from './status.ts';
import { warningText } from './status-warnings.ts';

/**
 * An admin's commands in chat, on every channel: `status` (phase, score sheets, the broadcast's
 * progress and ETA), `tutup` (close) and `umumkan` (publish). `tutup` and `umumkan` first answer
 * with what would happen ("1.234 penerima, perkiraan selesai 55 detik") and act only on `tutup ya`
 * / `umumkan ya`. Only an admin of the seleksi's region (domain canAdminister) may use them. The
 * action runs after the message is stored and answers when done (publishing 100,000 recipients
 * takes a while); running it twice is harmless (publish picks up its own broadcast).
 */

/** What an admin command in chat does: replies now, and maybe an action to run after the commit. */
/** Runs a confirmed action; resolves with the message to send the admin when it is done. */
export type AdminAction = () => Promise<OutboundMessage>;

export interface AdminOutcome {
  replies: OutboundMessage[];
  action?: AdminAction;
}

/** Closes a seleksi (the close use-case: freeze and rank); resolves with its code and the ranking's digest. */
export type CloseSeleksi = (seleksiId: string, actorId: string) => Promise<{ code: string; digest: string }>;

/** What admin chat needs. */
export interface AdminChatDeps {
  prisma: PrismaClient;
  publish: PublishDeps;
  /** `tutup`; without it the chat says to close with the `seleksi close` command. */
  close?: CloseSeleksi;
  /** Tells the admin how a confirmed action ended (it runs after the reply). */
  notifier: Notifier;
  /** Confirmed actions under way (each until its outcome was sent), for a process to wait for before it stops. */
  running?: Set<Promise<void>>;
}

type Command = { word: 'status' | 'tutup' | 'umumkan'; confirmed: boolean };

const WORDS: Record<string, Command['word']> = {
  status: 'status',
  tutup: 'tutup',
  close: 'tutup',
  umumkan: 'umumkan',
  publish: 'umumkan',
};

/** `umumkan`, `/umumkan ya`, `publish yes`, `status` → the command; null for anything else. */
export function parseAdminCommand(content: InboundContent): Command | null {
  const text = content.type === 'text' ? content.text : content.type === 'choice' ? content.value : null;
  const m = text ? /^\s*\/?([a-z]+)(?:@\w+)?(?:\s+([a-z]+))?\s*$/i.exec(text) : null;
  const word = m ? WORDS[m[1]!.toLowerCase()] : undefined;
  if (!word) return null;
  const arg = m![2]?.toLowerCase();
  if (arg !== undefined && arg !== 'ya' && arg !== 'yes') return null;
  return { word, confirmed: arg !== undefined };
}

const num = (n: number, l: Locale) => n.toLocaleString(l === 'id' ? 'id-ID' : 'en-US');

function seconds(s: number, l: Locale): string {
  const v = Math.max(0, Math.round(s));
  if (v < 60) return l === 'id' ? `${v} detik` : `${v} seconds`;
  const m = Math.round(v / 60);
  if (v < 3600) return l === 'id' ? `${m} menit` : `${m} minutes`;
  return l === 'id' ? `${formatScore(v / 3600, l, 1)} jam` : `${formatScore(v / 3600, l, 1)} hours`;
}

/** How many jurors the chat status lists (those with most left first); the rest as a count. */
const JURORS_SHOWN = 5;

/**
 * The admin's `status` in chat: what `seleksi status` shows (the same getSeleksiStatus), shortened
 * for a phone — phase, deadlines, nominations per category, score sheets, the jurors with most left,
 * the warnings and the latest broadcast.
 */
async function statusText(deps: AdminChatDeps, seleksiId: string, l: Locale): Promise<string> {
  const s = await getSeleksiStatus(deps.prisma, seleksiId);
  const id = l === 'id';
  const day = (iso: string | null) => localDay(iso, s.timezone);
  const d = s.deadlines;
  const perCategory = Object.entries(s.counts.nominations.byCategory)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${num(n, l)}`)
    .join(', ');
  const lines = [
    `📋 ${s.name} (${s.code})`,
    `${id ? 'Tahap' : 'Phase'}: ${phaseLabel(s.phase, l)}`,
    id
      ? `Tenggat: nominasi ${day(d.nominationOpensAt)} – ${day(d.nominationClosesAt)}, penilaian s.d. ${day(d.scoringClosesAt)}`
      : `Deadlines: nomination ${day(d.nominationOpensAt)} – ${day(d.nominationClosesAt)}, scoring until ${day(d.scoringClosesAt)}`,
    `${id ? 'Nominasi' : 'Nominations'}: ${num(s.counts.nominations.total, l)}${perCategory ? ` (${perCategory})` : ''}`,
    `${id ? 'Lembar nilai' : 'Score sheets'}: ${num(s.counts.scoreSheets.done, l)}/${num(s.counts.scoreSheets.expected, l)}`,
  ];
  const behind = [...s.jurors].sort((a, b) => b.expected - b.done - (a.expected - a.done));
  for (const j of behind.slice(0, JURORS_SHOWN)) {
    const home = j.homeRegionName ?? j.homeRegion;
    lines.push(`• ${j.name}${home ? ` (${home})` : ''}: ${num(j.done, l)}/${num(j.expected, l)}`);
  }
  if (behind.length > JURORS_SHOWN)
    lines.push(
      id
        ? `• +${behind.length - JURORS_SHOWN} juri lainnya`
        : `• +${behind.length - JURORS_SHOWN} more jurors`,
    );
  for (const w of s.warnings) lines.push(`⚠️ ${warningText(w, l, s.timezone)}`);
  const broadcast = s.broadcasts.at(-1);
  if (broadcast) {
    lines.push(
      id
        ? `📣 Siaran ${broadcast.status.toLowerCase()}: terkirim ${num(broadcast.sent, l)}, gagal ${num(broadcast.failed, l)}, tak pasti ${num(broadcast.unknown, l)}, antre ${num(broadcast.pending, l)} dari ${num(broadcast.total, l)}`
        : `📣 Broadcast ${broadcast.status.toLowerCase()}: sent ${num(broadcast.sent, l)}, failed ${num(broadcast.failed, l)}, unknown ${num(broadcast.unknown, l)}, pending ${num(broadcast.pending, l)} of ${num(broadcast.total, l)}`,
    );
    if (broadcast.pending > 0) {
      const eta = await etaOf(deps.publish, broadcast.id);
      lines.push(`${id ? 'Perkiraan selesai' : 'Estimated finish'}: ${seconds(eta, l)}`);
    }
  }
  return lines.join('\n');
}

async function publishPreviewText(deps: AdminChatDeps, seleksiId: string, l: Locale): Promise<string> {
  const p = await previewPublish(deps.publish, seleksiId);
  return l === 'id'
    ? `📣 Umumkan hasil ${p.code}: ${num(p.chats, l)} penerima, ${num(p.messages, l)} pesan peringkat, perkiraan selesai ${seconds(p.etaSeconds, l)}.\nBalas *umumkan ya* untuk mengirim sekarang.`
    : `📣 Publish the results of ${p.code}: ${num(p.chats, l)} recipients, ${num(p.messages, l)} ranking messages, estimated finish in ${seconds(p.etaSeconds, l)}.\nReply *umumkan ya* to send now.`;
}

async function closePreviewText(deps: AdminChatDeps, seleksiId: string, l: Locale): Promise<string> {
  const s = await getSeleksiStatus(deps.prisma, seleksiId);
  // What closing would refuse, the preview refuses.
  const refusal = phaseRefusal(s.code, s.phase, 'CLOSED');
  if (refusal) throw new SeleksiError(refusal);
  const missing = s.counts.scoreSheets.expected - s.counts.scoreSheets.done;
  return l === 'id'
    ? `🔒 Tutup penilaian ${s.code}: ${num(s.counts.scoreSheets.done, l)} dari ${num(s.counts.scoreSheets.expected, l)} lembar nilai sudah masuk` +
        `${missing > 0 ? `; ${num(missing, l)} belum masuk dan tidak akan dihitung` : ''}. Peringkat dihitung dan dibekukan.\nBalas *tutup ya* untuk menutup.`
    : `🔒 Close scoring of ${s.code}: ${num(s.counts.scoreSheets.done, l)} of ${num(s.counts.scoreSheets.expected, l)} score sheets are in` +
        `${missing > 0 ? `; ${num(missing, l)} are missing and will not count` : ''}. The ranking is computed and frozen.\nReply *tutup ya* to close.`;
}

/** Handles an admin command in chat; null when the message is not one (the flows handle it). */
export async function handleAdminCommand(
  deps: AdminChatDeps,
  identity: Identity | null,
  content: InboundContent,
  locale: Locale,
): Promise<AdminOutcome | null> {
  const membership = identity?.membership;
  if (!identity || membership?.role !== 'ADMIN') return null;
  const command = parseAdminCommand(content);
  if (!command) return null;
  const seleksi = await seleksiRegion(deps.prisma, membership.seleksi.id);
  const refusal = canAdminister(
    { role: 'ADMIN', regionCode: membership.regionCode, categories: [] },
    seleksi.regionCode,
  );
  if (refusal) return { replies: [{ text: `⚠️ ${refusal[locale]}` }] };
  const id = locale === 'id';
  const failed = (error: unknown): OutboundMessage => ({
    text: `❌ ${error instanceof SeleksiError ? error.message : id ? 'Gagal; lihat log server.' : 'Failed; see the server log.'}`,
  });
  // A preview's refusal (wrong phase, no channel) is the user's answer; any other error is the handler's.
  const refused = (error: unknown): OutboundMessage => {
    if (error instanceof SeleksiError) return failed(error);
    throw error;
  };
  if (command.word === 'status') return { replies: [{ text: await statusText(deps, seleksi.id, locale) }] };
  if (command.word === 'umumkan') {
    if (!command.confirmed)
      return {
        replies: [await publishPreviewText(deps, seleksi.id, locale).then((text) => ({ text }), refused)],
      };
    return {
      replies: [{ text: id ? '⏳ Menyiapkan siaran hasil…' : '⏳ Preparing the results broadcast…' }],
      action: () =>
        publishResults(deps.publish, seleksi.id, { actorId: identity.person.id }).then(
          (r) => ({
            text: id
              ? `✅ Siaran hasil ${r.code} berjalan: ${num(r.total, locale)} pesan, perkiraan selesai ${seconds(r.etaSeconds, locale)}. Ketik *status* untuk melihat kemajuan.`
              : `✅ The results broadcast of ${r.code} is running: ${num(r.total, locale)} messages, estimated finish in ${seconds(r.etaSeconds, locale)}. Type *status* for progress.`,
          }),
          failed,
        ),
    };
  }
  const close = deps.close;
  if (!close) {
    return {
      replies: [
        {
          text: id
            ? 'ℹ️ Penutupan dilakukan dengan perintah *seleksi close* di server.'
            : 'ℹ️ Closing is done with the *seleksi close* command on the server.',
        },
      ],
    };
  }
  if (!command.confirmed)
    return {
      replies: [await closePreviewText(deps, seleksi.id, locale).then((text) => ({ text }), refused)],
    };
  return {
    replies: [{ text: id ? '⏳ Menutup penilaian…' : '⏳ Closing scoring…' }],
    action: () =>
      close(seleksi.id, identity.person.id).then((summary) => ({ text: `✅ ${summary}` }), failed),
  };
}

/**
 * Runs confirmed admin actions and tells the admin how each ended. The reply that announces them
 * ("⏳ Menyiapkan siaran hasil…") goes out through the notifier first, awaited, so it always comes
 * before the outcome: sent as an ordinary reply, it raced the action and a quick one arrived first.
 */
export function runAdminActions(
  deps: Pick<AdminChatDeps, 'notifier' | 'running'>,
  actions: AdminAction[],
  to: { channel: ChannelName; chatId: string; replies: OutboundMessage[] },
  logger?: Pick<Logger, 'error'>,
): void {
  if (actions.length === 0) return;
  const chat = { channel: to.channel, chatId: to.chatId };
  const running = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    await deps.notifier.send(chat, to.replies).catch((error: unknown) => {
      logger?.error({ err: error }, 'admin action announcement not sent');
    });
    for (const action of actions) {
      await action()
        .then((done) => deps.notifier.send(chat, [done]))
        .catch((error: unknown) => logger?.error({ err: error }, 'admin action failed'));
    }
  });
  deps.running?.add(running);
  void running.finally(() => deps.running?.delete(running));
}

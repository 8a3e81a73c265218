/**
 * Drives an emulated user (Telegram or WhatsApp) through a conversation by reading only the bot's prompts:
 * after each answer it waits until the bot goes quiet, looks at what the bot said last and picks
 * the answer of the first rule whose pattern matches. Rules may carry a list of answers used in
 * turn (a bad input first, then a good one).
 */

/** A scripted person on any messenger emulator (Telegram's EmulatedUser, WhatsappUser). */
export interface ChatUser {
  readonly firstName: string;
  /** The bot's messages to this person, oldest first. */
  readonly messages: readonly SentMessage[];
  readonly transcript: string;
  send(text: string): unknown;
  /** Picks a choice: a button on Telegram, the option's number on WhatsApp. */
  press(label: string | RegExp): unknown;
  sendSticker(): unknown;
  sendPhoto(fileId: string, caption?: string): unknown;
  sendDocument(fileId: string, fileName: string): unknown;
}

/** What the driver reads of a bot message. */
export interface SentMessage {
  text: string;
}

export type Answer =
  | string
  | { press: string | RegExp }
  | { sticker: true }
  | { photo: string; caption?: string }
  | { document: string; fileName: string };

export interface Rule {
  /** Matched against the bot's last message of the batch. */
  when: RegExp;
  /** One answer, or several used in turn (the last one repeats); null: say nothing, wait for more. */
  say: Answer | Answer[] | null;
}

function give(user: ChatUser, answer: Answer): void {
  if (typeof answer === 'string') user.send(answer);
  else if ('press' in answer) user.press(answer.press);
  else if ('sticker' in answer) user.sendSticker();
  else if ('document' in answer) user.sendDocument(answer.document, answer.fileName);
  else user.sendPhoto(answer.photo, answer.caption);
}

/**
 * How long the bot must be silent before its batch counts as complete. The replies to one message
 * are computed first and then sent one after another, so the gaps inside a batch are loopback round
 * trips; a gap this long means the batch is over.
 */
const QUIET_MS = Number(process.env.CHAT_DRIVER_QUIET_MS ?? 150);

/** Waits for at least one new bot message and then `quietMs` without another. */
export async function nextBatch(
  user: ChatUser,
  from: number,
  timeoutMs = 20_000,
  quietMs = QUIET_MS,
): Promise<SentMessage[]> {
  const deadline = Date.now() + timeoutMs;
  let seen = user.messages.length;
  let quietSince = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 10));
    const now = user.messages.length;
    if (now !== seen) {
      seen = now;
      quietSince = Date.now();
    }
    if (now > from && Date.now() - quietSince >= quietMs) return user.messages.slice(from);
    if (Date.now() > deadline) {
      throw new Error(
        `${user.firstName}: the bot did not answer in ${timeoutMs} ms. Transcript:\n${user.transcript}`,
      );
    }
  }
}

/**
 * Sends `first` (if given), then answers prompts by `rules` until a bot message matches `until`.
 * Returns every bot message of the conversation.
 */
export async function converse(
  user: ChatUser,
  first: Answer | null,
  rules: Rule[],
  until: RegExp,
  maxTurns = 80,
): Promise<SentMessage[]> {
  const start = user.messages.length;
  const used = new Map<Rule, number>();
  let from = start;
  if (first !== null) give(user, first);
  for (let turn = 0; turn < maxTurns; turn++) {
    const batch = await nextBatch(user, from, first === null && turn === 0 ? 30_000 : 20_000);
    from = user.messages.length;
    if (batch.some((m) => until.test(m.text))) return user.messages.slice(start);
    const last = batch[batch.length - 1]!;
    const rule = rules.find((r) => r.when.test(last.text));
    if (!rule) {
      throw new Error(
        `${user.firstName}: no rule for the prompt:\n${last.text}\n=== transcript:\n${user.transcript}`,
      );
    }
    if (rule.say === null) continue;
    const n = used.get(rule) ?? 0;
    used.set(rule, n + 1);
    const answers = Array.isArray(rule.say) ? rule.say : [rule.say];
    give(user, answers[Math.min(n, answers.length - 1)]!);
  }
  throw new Error(`${user.firstName}: no end after ${maxTurns} turns. Transcript:\n${user.transcript}`);
}

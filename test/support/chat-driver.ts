/**
 * Drives an emulated user (Telegram or WhatsApp) through a conversation by reading only the bot's prompts:
 * after each answer it waits for the bot's next prompt (see nextPrompt) and picks the answer of the
 * first rule whose pattern matches it. Rules may carry a list of answers used in
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
  /** Matched against the bot's newest message (a prompt: the last message of its batch). */
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
 * How long the bot must be silent before a message no rule answers is reported (it may be followed by
 * a prompt: the replies to one message are sent one after another). Only a failing conversation waits
 * for it, so it is long enough for a machine loaded by four test files at once.
 */
const QUIET_MS = Number(process.env.CHAT_DRIVER_QUIET_MS ?? 3000);

/** What the bot's newest messages call for; `next`: the index after the prompt answered. */
type Prompt = { rule: Rule; next: number } | { end: true };

/**
 * Waits for the bot's next prompt from message `from` on. A message a rule answers is answered as soon
 * as it is the newest, and the conversation ends as soon as a message matches `until`, without waiting
 * for the bot to go quiet: both are the last message of their batch (the bot asks, or says it is done,
 * then waits). The scripts keep to that: a rule matches only a prompt, never the feedback or the
 * nominee's file sent before it in the same batch — a rule matching a message the bot already followed
 * with another one fails the conversation. A message no rule answers is reported after `quietMs` of
 * silence; one a rule with `say: null` matches waits for more. `timeoutMs` runs from the bot's last
 * message.
 */
async function nextPrompt(
  user: ChatUser,
  from: number,
  rules: Rule[],
  until: RegExp,
  timeoutMs: number,
  quietMs = QUIET_MS,
): Promise<Prompt> {
  let seen = from;
  let quietSince = Date.now();
  for (;;) {
    const messages = user.messages;
    let ended = false;
    for (; seen < messages.length; seen++) {
      quietSince = Date.now();
      const text = messages[seen]!.text;
      if (until.test(text)) ended = true;
      const rule = rules.find((r) => r.when.test(text));
      if (ended || !rule || rule.say === null) continue;
      if (seen < messages.length - 1) {
        throw new Error(
          `${user.firstName}: a rule (${String(rule.when)}) matches a message the bot followed with another:\n${text}\n=== transcript:\n${user.transcript}`,
        );
      }
      return { rule, next: seen + 1 };
    }
    if (ended) return { end: true };
    const last = messages.length > from ? messages[messages.length - 1]!.text : undefined;
    const quiet = Date.now() - quietSince >= quietMs;
    if (last !== undefined && quiet && !rules.some((r) => r.say === null && r.when.test(last))) {
      throw new Error(
        `${user.firstName}: no rule for the prompt:\n${last}\n=== transcript:\n${user.transcript}`,
      );
    }
    if (Date.now() - quietSince > timeoutMs) {
      throw new Error(
        `${user.firstName}: the bot did not answer in ${timeoutMs} ms. Transcript:\n${user.transcript}`,
      );
    }
    await new Promise((r) => setTimeout(r, 10));
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
    const prompt = await nextPrompt(user, from, rules, until, first === null && turn === 0 ? 30_000 : 20_000);
    if ('end' in prompt) return user.messages.slice(start);
    const { rule } = prompt;
    from = prompt.next;
    const n = used.get(rule) ?? 0;
    used.set(rule, n + 1);
    const answers = Array.isArray(rule.say) ? rule.say : [rule.say!];
    give(user, answers[Math.min(n, answers.length - 1)]!);
  }
  throw new Error(`${user.firstName}: no end after ${maxTurns} turns. Transcript:\n${user.transcript}`);
}

/**
 * Every channel cleans what a user can type at its edge: NUL removed, a lone surrogate replaced by
 * U+FFFD, everything else kept exactly — in text, captions, file names, button data and names.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleInbound } from '../../src/channels/console/to-inbound.ts';
import { cleanContent, cleanText } from '../../src/channels/core/clean-text.ts';
import { toInbound as telegramInbound } from '../../src/channels/telegram/to-inbound.ts';
import { updateShapeProblem } from '../../src/channels/telegram/update-shape.ts';
import { toInbound as whatsappInbound } from '../../src/channels/whatsapp/to-inbound.ts';

const NUL = '\u0000';
const LONE = '\ud800';
const dirty = `Ah${NUL}mad ${LONE}Fauzi 🙂 é`;
const clean = 'Ahmad \ufffdFauzi 🙂 é';

/** Would Postgres take it in text and jsonb: no NUL, no lone surrogate. */
const storable = (s: string) => !s.includes(NUL) && s.isWellFormed();

describe('cleanText', () => {
  it('removes NUL, replaces lone surrogates of either half, and keeps the rest byte-exact', () => {
    expect(cleanText(dirty)).toBe(clean);
    expect(cleanText('\udc00x\ud800')).toBe('\ufffdx\ufffd');
    const kept = 'Nama: Ṣiti  \t\n"quote" \\ 👩‍👩‍👧 ١٢٣';
    expect(cleanText(kept)).toBe(kept);
  });

  it('covers every string of every content type', () => {
    expect(cleanContent({ type: 'choice', value: dirty, token: `q${NUL}${LONE}` })).toEqual({
      type: 'choice',
      value: clean,
      token: 'q\ufffd',
    });
    expect(
      cleanContent({ type: 'media', kind: 'document', fileRef: `f${NUL}`, fileName: dirty, caption: dirty }),
    ).toEqual({ type: 'media', kind: 'document', fileRef: 'f', fileName: clean, caption: clean });
    expect(cleanContent({ type: 'contact', phone: `+62${NUL}`, name: dirty })).toEqual({
      type: 'contact',
      phone: '+62',
      name: clean,
    });
  });
});

describe('telegram to-inbound', () => {
  const noMemory = () => undefined;
  const at = { message_id: 1, date: 1_700_000_000, chat: { id: 5, type: 'private' as const } };
  const from = { id: 5, is_bot: false, first_name: `Bu${NUL}di`, last_name: LONE };

  it('cleans text, caption, file name and the sender name', () => {
    const text = telegramInbound({ update_id: 1, message: { ...at, from, text: dirty } } as never, noMemory);
    expect(text?.inbound.content).toEqual({ type: 'text', text: clean });
    expect(text?.inbound.senderName).toBe('Budi \ufffd');
    const doc = telegramInbound(
      {
        update_id: 2,
        message: { ...at, from, caption: dirty, document: { file_id: 'D', file_name: `sk${LONE}.pdf` } },
      } as never,
      noMemory,
    );
    expect(doc?.inbound.content).toMatchObject({ caption: clean, fileName: 'sk\ufffd.pdf' });
    const photo = telegramInbound(
      {
        update_id: 3,
        message: { ...at, photo: [{ file_id: 'P', width: 1, height: 1 }], caption: dirty },
      } as never,
      noMemory,
    );
    expect(photo?.inbound.content).toMatchObject({ caption: clean });
  });

  it('cleans a button press: its token from forged callback data and the label it falls back to', () => {
    const data = `q${NUL}${LONE}:0`;
    const pressed = telegramInbound(
      {
        update_id: 4,
        callback_query: {
          id: 'cb',
          from,
          chat_instance: 'x',
          data,
          message: { ...at, reply_markup: { inline_keyboard: [[{ text: dirty, callback_data: data }]] } },
        },
      } as never,
      noMemory,
    );
    const content = pressed?.inbound.content;
    expect(content?.type).toBe('choice');
    if (content?.type !== 'choice') return;
    expect(storable(content.value) && storable(content.token ?? '')).toBe(true);
    expect(content.token).toBe('q\ufffd');
  });

  it('finds malformed shapes before anything reads them', () => {
    expect(updateShapeProblem({ update_id: 1, message: { ...at, text: 'x' } })).toBeNull();
    expect(updateShapeProblem({ update_id: 1, message: { message_id: 1, date: 1, text: 'x' } })).toMatch(
      /^message\.chat/,
    );
    expect(updateShapeProblem({ update_id: 1, callback_query: { id: 'c', data: 'x' } })).toMatch(
      /^callback_query\.from/,
    );
    expect(updateShapeProblem({ message: { ...at } })).toMatch(/^update_id/);
  });
});

describe('whatsapp to-inbound', () => {
  const now = new Date('2026-11-30T10:00:00Z');
  const jid = '6281234567890@s.whatsapp.net';
  const message = (content: object) =>
    ({
      key: { remoteJid: jid, fromMe: false, id: `ID${NUL}1` },
      messageTimestamp: Math.floor(now.getTime() / 1000) - 5,
      pushName: `Bu${NUL}di${LONE}`,
      message: content,
    }) as never;

  it('cleans text, caption, file name, the push name and the message id', () => {
    const text = whatsappInbound(message({ conversation: dirty }), { now });
    if (typeof text === 'string') throw new Error(text);
    expect(text.inbound.content).toEqual({ type: 'text', text: clean });
    expect(text.inbound.senderName).toBe('Budi\ufffd');
    expect(storable(text.inbound.messageId)).toBe(true);
    const doc = whatsappInbound(
      message({ documentMessage: { mimetype: 'application/pdf', fileName: dirty, caption: dirty } }),
      { now },
    );
    if (typeof doc === 'string') throw new Error(doc);
    expect(doc.inbound.content).toMatchObject({ fileName: clean, caption: clean });
    expect(storable((doc.inbound.content as { fileRef: string }).fileRef)).toBe(true);
  });
});

describe('console to-inbound', () => {
  const content = (line: string) => {
    const inbound = consoleInbound('budi', line);
    if ('refused' in inbound) throw new Error(inbound.refused);
    return inbound.content;
  };

  it('cleans a typed line and the caption of /foto', () => {
    expect(content(dirty)).toEqual({ type: 'text', text: clean });
    const photo = join(mkdtempSync(join(tmpdir(), 'clean-edge-')), 'foto.jpg');
    writeFileSync(photo, 'not really a jpeg');
    expect(content(`/foto ${photo} ${dirty}`)).toMatchObject({
      type: 'media',
      caption: clean,
      fileName: 'foto.jpg',
    });
  });

  it('answers a /foto path with NUL itself (never reaching the flows)', () => {
    expect(consoleInbound('budi', `/foto /tmp/none${NUL}.jpg`)).toMatchObject({
      refused: expect.any(String),
    });
  });
});

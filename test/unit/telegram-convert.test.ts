import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import {
  CALLBACK_DATA_MAX_BYTES,
  decodeCallbackData,
  encodeCallbackData,
} from '../../src/channels/telegram/callback-data.ts';
import { ChoiceMemory } from '../../src/channels/telegram/choice-memory.ts';
import { renderMessage, splitText } from '../../src/channels/telegram/render.ts';
import { chatKey, toInbound } from '../../src/channels/telegram/to-inbound.ts';

const chat = { id: 42, type: 'private' as const, first_name: 'Siti' };
const from = { id: 42, is_bot: false, first_name: 'Siti', last_name: 'Aminah' };
const noMemory = () => undefined;

function messageUpdate(extra: Record<string, unknown>, updateId = 7): Update {
  return {
    update_id: updateId,
    message: { message_id: 1, date: 1_700_000_000, chat, from, ...extra },
  } as Update;
}

describe('toInbound', () => {
  it('keeps /start CODE as text and uses u<update_id> as the message id', () => {
    const converted = toInbound(messageUpdate({ text: '/start ABCD2345' }, 99), noMemory, 'SeleksiBot');
    expect(converted?.inbound).toMatchObject({
      channel: 'telegram',
      chatId: '42',
      messageId: 'u99',
      senderName: 'Siti Aminah',
      content: { type: 'text', text: '/start ABCD2345' },
    });
    expect(converted?.kind).toBe('command');
  });

  it('strips the bot username from commands typed in groups', () => {
    const converted = toInbound(messageUpdate({ text: '/nominasi@SeleksiBot' }), noMemory, 'SeleksiBot');
    expect(converted?.inbound.content).toEqual({ type: 'text', text: '/nominasi' });
  });

  it('maps the largest photo size to media with its file_id and caption', () => {
    const photo = [
      { file_id: 'small', file_unique_id: 's', width: 90, height: 90 },
      { file_id: 'large', file_unique_id: 'l', width: 800, height: 800 },
    ];
    const converted = toInbound(messageUpdate({ photo, caption: 'SK' }), noMemory);
    expect(converted?.inbound.content).toMatchObject({
      type: 'media',
      kind: 'photo',
      fileRef: 'large',
      caption: 'SK',
    });
  });

  it('maps documents, stickers, locations, contacts and unknown kinds', () => {
    const doc = toInbound(
      messageUpdate({
        document: { file_id: 'D', file_unique_id: 'd', file_name: 'sk.pdf', mime_type: 'application/pdf' },
      }),
      noMemory,
    );
    expect(doc?.inbound.content).toMatchObject({ type: 'media', kind: 'document', fileName: 'sk.pdf' });
    const sticker = toInbound(messageUpdate({ sticker: { file_id: 'S' } }), noMemory);
    expect(sticker?.inbound.content).toEqual({ type: 'sticker' });
    const location = toInbound(messageUpdate({ location: { latitude: -2.1, longitude: 115.4 } }), noMemory);
    expect(location?.inbound.content).toEqual({ type: 'location', latitude: -2.1, longitude: 115.4 });
    const contact = toInbound(
      messageUpdate({ contact: { phone_number: '+6281234567890', first_name: 'Budi' } }),
      noMemory,
    );
    expect(contact?.inbound.content).toEqual({ type: 'contact', phone: '+6281234567890', name: 'Budi' });
    const poll = toInbound(messageUpdate({ poll: { id: 'p' } }), noMemory);
    expect(poll?.inbound.content).toEqual({ type: 'unsupported', what: 'poll' });
  });

  it('ignores updates that are not a person writing (edits)', () => {
    const update = { update_id: 1, edited_message: { message_id: 1, date: 1, chat, text: 'x' } } as Update;
    expect(toInbound(update, noMemory)).toBeNull();
    expect(chatKey(update)).toBe('42');
  });
});

describe('buttons', () => {
  const question = {
    text: 'Pilih kategori',
    token: 'nomination:category:3f9a',
    choices: [
      { value: 'TKSK', label: 'Tenaga Kesejahteraan Sosial Kecamatan' },
      { value: 'PSM', label: 'Pekerja Sosial Masyarakat' },
    ],
  };

  it('renders choices as an inline keyboard with numbered labels and token:index data', () => {
    const [rendered] = renderMessage(question);
    const buttons = rendered!.reply_markup!.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual([
      '1. Tenaga Kesejahteraan Sosial Kecamatan',
      '2. Pekerja Sosial Masyarakat',
    ]);
    expect(buttons.map((b) => ('callback_data' in b ? b.callback_data : ''))).toEqual([
      'nomination:category:3f9a:0',
      'nomination:category:3f9a:1',
    ]);
  });

  it('keeps callback data within 64 bytes for long tokens', () => {
    const data = encodeCallbackData('x'.repeat(200), 12);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    expect(decodeCallbackData(data)?.index).toBe(12);
    expect(decodeCallbackData('garbage')).toBeNull();
  });

  it('maps a press back to the value and token the question had', () => {
    const memory = new ChoiceMemory();
    memory.remember('42', question.token, question.choices);
    const [rendered] = renderMessage(question);
    const pressed = rendered!.reply_markup!.inline_keyboard[1]![0]!;
    const update = {
      update_id: 8,
      callback_query: {
        id: 'q',
        from,
        chat_instance: 'c',
        data: 'callback_data' in pressed ? pressed.callback_data : '',
        message: {
          message_id: 5,
          date: 1,
          chat,
          text: 'Pilih kategori',
          reply_markup: rendered!.reply_markup,
        },
      },
    } as Update;
    const recall = (c: string, key: string) => memory.recall(c, key);
    expect(toInbound(update, recall)?.inbound.content).toEqual({
      type: 'choice',
      value: 'PSM',
      token: question.token,
    });
    // After a restart the memory is empty: the label the button showed is used instead.
    expect(toInbound(update, noMemory)?.inbound.content).toEqual({
      type: 'choice',
      value: 'Pekerja Sosial Masyarakat',
      token: question.token,
    });
  });

  it('splits text longer than Telegram allows and puts the keyboard on the last piece', () => {
    const long = `${'a'.repeat(3000)}\n${'b'.repeat(3000)}`;
    expect(splitText(long).map((p) => p.length)).toEqual([3000, 3000]);
    const rendered = renderMessage({ ...question, text: long });
    expect(rendered).toHaveLength(2);
    expect(rendered[0]!.reply_markup).toBeUndefined();
    expect(rendered[1]!.reply_markup).toBeDefined();
  });
});

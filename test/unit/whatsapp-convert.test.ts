import { describe, expect, it } from 'vitest';
import { renderWhatsappText, WHATSAPP_TEXT_MAX } from '../../src/channels/whatsapp/render.ts';
import { phoneOfJid, toInbound } from '../../src/channels/whatsapp/to-inbound.ts';

const now = new Date('2026-11-30T10:00:00Z');
const jid = '6281234567890@s.whatsapp.net';
const message = (content: object, extra: object = {}) =>
  ({
    key: { remoteJid: jid, fromMe: false, id: 'ABC123' },
    messageTimestamp: Math.floor(now.getTime() / 1000) - 5,
    pushName: 'Budi',
    message: content,
    ...extra,
  }) as never;

describe('WhatsApp message → InboundMessage', () => {
  it('text, extended text (a quoted reply) and their ids, sender and number', () => {
    const plain = toInbound(message({ conversation: 'nominasi' }), { now });
    expect(plain).toMatchObject({
      inbound: {
        channel: 'whatsapp',
        chatId: jid,
        messageId: `${jid}/ABC123`,
        senderName: 'Budi',
        senderPhone: '+6281234567890',
        content: { type: 'text', text: 'nominasi' },
      },
      kind: 'text',
      downloadable: false,
    });
    const quoted = toInbound(
      message({
        extendedTextMessage: { text: '2', contextInfo: { quotedMessage: { conversation: 'Pilih' } } },
      }),
      { now },
    );
    expect(quoted).toMatchObject({ inbound: { content: { type: 'text', text: '2' } } });
  });

  it('photos and documents (also inside ephemeral / view-once wrappers) are media to download', () => {
    const photo = toInbound(
      message({
        ephemeralMessage: { message: { imageMessage: { mimetype: 'image/jpeg', caption: 'Kegiatan' } } },
      }),
      { now },
    );
    expect(photo).toMatchObject({
      inbound: { content: { type: 'media', kind: 'photo', fileRef: `${jid}/ABC123`, caption: 'Kegiatan' } },
      downloadable: true,
    });
    const doc = toInbound(message({ documentMessage: { mimetype: 'application/pdf', fileName: 'sk.pdf' } }), {
      now,
    });
    expect(doc).toMatchObject({
      inbound: { content: { kind: 'document', fileName: 'sk.pdf' } },
      downloadable: true,
    });
    expect(toInbound(message({ stickerMessage: {} }), { now })).toMatchObject({
      inbound: { content: { type: 'sticker' } },
    });
    expect(toInbound(message({ pollCreationMessage: { name: 'x' } }), { now })).toMatchObject({
      inbound: { content: { type: 'unsupported', what: 'pollCreationMessage' } },
    });
  });

  it('makes text safe for Postgres at the edge (cleanContent)', () => {
    const dirty = toInbound(message({ conversation: 'a\u0000b\ud800' }), { now });
    expect(dirty).toMatchObject({ inbound: { content: { text: 'ab\ufffd' } } });
  });

  it('skips what is not a person writing to the bot now', () => {
    const key = (remoteJid: string, fromMe = false) => ({ key: { remoteJid, fromMe, id: 'X1' } });
    expect(toInbound(message({ conversation: 'hi' }, key('120363@g.us')), { now })).toBe('group');
    expect(toInbound(message({ conversation: 'hi' }, key('status@broadcast')), { now })).toBe('broadcast');
    expect(toInbound(message({ conversation: 'hi' }, key('1234@newsletter')), { now })).toBe('broadcast');
    expect(toInbound(message({ conversation: 'hi' }, key(jid, true)), { now })).toBe('own');
    expect(toInbound(message({ reactionMessage: { text: '👍' } }), { now })).toBe('reaction');
    expect(toInbound(message({ protocolMessage: { type: 0 } }), { now })).toBe('protocol');
    expect(toInbound(message(undefined as never), { now })).toBe('no-content');
    const old = { messageTimestamp: Math.floor(now.getTime() / 1000) - 11 * 60 };
    expect(toInbound(message({ conversation: 'hi' }, old), { now })).toBe('old');
    expect(toInbound(message({ conversation: 'hi' }, old), { now, maxAgeMs: 3600_000 })).not.toBe('old');
  });

  it('reads the phone number of a person JID only', () => {
    expect(phoneOfJid('6281234567890:12@s.whatsapp.net')).toBe('+6281234567890');
    expect(phoneOfJid('120363@g.us')).toBeUndefined();
    expect(phoneOfJid('1234567@lid')).toBeUndefined();
  });
});

describe('WhatsApp rendering', () => {
  it('choices become numbered options under the text', () => {
    expect(
      renderWhatsappText({
        text: 'Jenis kelamin?',
        choices: [
          { value: 'L', label: 'Laki-laki' },
          { value: 'P', label: 'Perempuan' },
        ],
      }),
    ).toEqual(['Jenis kelamin?\n1. Laki-laki\n2. Perempuan']);
  });

  it('splits text beyond WhatsApp limit at a line break', () => {
    const line = `${'x'.repeat(999)}\n`;
    const pieces = renderWhatsappText({ text: line.repeat(100) });
    expect(pieces.length).toBe(2);
    expect(pieces.every((p) => p.length <= WHATSAPP_TEXT_MAX)).toBe(true);
    expect(pieces.join('\n').replace(/\n+$/, '')).toBe(line.repeat(100).replace(/\n+$/, ''));
  });
});

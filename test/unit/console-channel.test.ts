import { describe, expect, it } from 'vitest';
import { parseRegisterCommand } from '../../src/app/register.ts';
import { renderConsoleMessage } from '../../src/channels/console/render.ts';
import { consoleContent, consoleInbound } from '../../src/channels/console/to-inbound.ts';

describe('console render', () => {
  it('numbers the choices under the text', () => {
    expect(
      renderConsoleMessage({
        text: 'Jenis kelamin:',
        choices: [
          { value: 'L', label: 'Laki-laki' },
          { value: 'P', label: 'Perempuan' },
        ],
      }),
    ).toBe('Jenis kelamin:\n1. Laki-laki\n2. Perempuan');
    expect(renderConsoleMessage({ text: 'Halo' })).toBe('Halo');
  });

  it("prints where a dossier's files are (it cannot send them)", () => {
    const files = [
      { kind: 'photo' as const, fileRef: 'f1', localPath: 'media/console/a.jpg', caption: 'Dapur' },
      { kind: 'document' as const, fileRef: 'f2', fileName: 'sk.pdf' },
    ];
    expect(renderConsoleMessage({ text: '📎 Lampiran', files })).toBe(
      '📎 Lampiran\n📎 media/console/a.jpg (Dapur)\n📎 sk.pdf',
    );
  });
});

describe('console input', () => {
  it('passes typed lines as text (numbers stay text, as on WhatsApp)', () => {
    expect(consoleContent('2')).toEqual({ type: 'text', text: '2' });
  });
  it('turns /foto and /dokumen into media with a console file reference and caption', () => {
    const photo = consoleContent('/foto kegiatan.jpg Penyuluhan di Jaro');
    expect(photo).toMatchObject({
      type: 'media',
      kind: 'photo',
      mimeType: 'image/jpeg',
      fileName: 'kegiatan.jpg',
    });
    expect(photo).toMatchObject({ caption: 'Penyuluhan di Jaro' });
    expect((photo as { fileRef: string }).fileRef).toMatch(/^console:\/.*kegiatan\.jpg$/);
    expect(consoleContent('/dokumen surat.pdf')).toMatchObject({
      kind: 'document',
      mimeType: 'application/pdf',
    });
    expect(consoleContent('/stiker')).toEqual({ type: 'sticker' });
  });
  it('gives every line a new message id on the chat of the user', () => {
    const a = consoleInbound('budi', 'halo');
    const b = consoleInbound('budi', 'halo');
    expect(a).toMatchObject({ channel: 'console', chatId: 'budi', senderName: 'budi' });
    expect(a.messageId).not.toBe(b.messageId);
  });
});

describe('parseRegisterCommand', () => {
  it('reads DAFTAR CODE and /start CODE in any case', () => {
    expect(parseRegisterCommand('DAFTAR AB12CD34')).toBe('AB12CD34');
    expect(parseRegisterCommand('  daftar ab12cd34 ')).toBe('ab12cd34');
    expect(parseRegisterCommand('/start AB12CD34')).toBe('AB12CD34');
    expect(parseRegisterCommand('/start@SeleksiBot AB12CD34')).toBe('AB12CD34');
    expect(parseRegisterCommand('/daftar AB12CD34')).toBe('AB12CD34');
  });
  it('leaves everything else to the flows', () => {
    expect(parseRegisterCommand('daftar')).toBeNull();
    expect(parseRegisterCommand('/start')).toBeNull();
    expect(parseRegisterCommand('daftar saya dong')).toBeNull();
    expect(parseRegisterCommand('nominasi')).toBeNull();
  });
});

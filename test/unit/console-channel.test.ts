import { join } from 'node:path';
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

const media = join(import.meta.dirname, '..', 'fixtures', 'media');

describe('console input', () => {
  it('passes typed lines as text (numbers stay text, as on WhatsApp)', () => {
    expect(consoleContent('2')).toEqual({ type: 'text', text: '2' });
  });
  it('turns /foto and /dokumen into media with a console file reference and caption', () => {
    const photo = consoleContent(`/foto ${media}/kegiatan.jpg Penyuluhan di Jaro`);
    expect(photo).toMatchObject({
      type: 'media',
      kind: 'photo',
      mimeType: 'image/jpeg',
      fileName: 'kegiatan.jpg',
    });
    expect(photo).toMatchObject({ caption: 'Penyuluhan di Jaro' });
    expect((photo as { fileRef: string }).fileRef).toMatch(/^console:\/.*kegiatan\.jpg$/);
    expect((photo as { localPath: string }).localPath).toBe(`${media}/kegiatan.jpg`);
    expect(consoleContent(`/dokumen ${media}/surat.pdf`)).toMatchObject({
      kind: 'document',
      mimeType: 'application/pdf',
    });
    expect(consoleContent('/stiker')).toEqual({ type: 'sticker' });
  });
  it('answers a file command it cannot send with the reason (issue 15)', () => {
    const refused = (line: string) => {
      const r = consoleContent(line);
      return r.type === 'refused' ? r.text : `not refused: ${JSON.stringify(r)}`;
    };
    expect(refused('/foto')).toMatch(/^ℹ️ Cara pakai: \/foto PATH \[keterangan\]/);
    expect(refused('/dokumen')).toMatch(/^ℹ️ Cara pakai: \/dokumen PATH/);
    expect(refused(`/foto ${media}/tidak-ada.jpg`)).toBe(
      `⚠️ Berkas tidak ditemukan: ${media}/tidak-ada.jpg (file not found).`,
    );
    expect(refused(`/dokumen ${media}`)).toBe(
      `⚠️ ${media} adalah folder, bukan berkas. (A directory, not a file.)`,
    );
    expect(refused(`/foto ${media}/surat.pdf`)).toMatch(/surat\.pdf bukan gambar .*pakai \/dokumen/);
    // A .txt is a file the console can send; the flow's PDF step refuses it (golden nomination-typed-options-id).
    expect(consoleContent(`/dokumen ${media}/catatan.txt`)).toMatchObject({
      kind: 'document',
      mimeType: 'text/plain',
    });
    expect(consoleInbound('budi', '/foto')).toEqual({ refused: expect.stringMatching(/Cara pakai/) });
  });
  it('gives every line a new message id on the chat of the user', () => {
    const a = consoleInbound('budi', 'halo');
    const b = consoleInbound('budi', 'halo');
    expect(a).toMatchObject({ channel: 'console', chatId: 'budi', senderName: 'budi' });
    expect((a as { messageId: string }).messageId).not.toBe((b as { messageId: string }).messageId);
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

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import QRCode from 'qrcode';

/** The pairing QR code drawn with block characters, to scan from a terminal. */
export function qrForTerminal(qr: string): Promise<string> {
  return QRCode.toString(qr, { type: 'terminal', small: true });
}

/** Saves the pairing QR code as a PNG (for a terminal that cannot show it, or to send to the phone's owner). */
export async function saveQrPng(qr: string, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await QRCode.toFile(path, qr, { type: 'png', width: 400, margin: 2 });
}

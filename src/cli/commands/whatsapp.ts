import { join } from 'node:path';
import type { Command } from 'commander';
import { PairError, pairNumber } from '../../channels/whatsapp/pair.ts';
import { qrForTerminal, saveQrPng } from '../../channels/whatsapp/qr.ts';
import {
  loadSocketFactory,
  SocketModuleError,
  WHATSAPP_ACCOUNT,
  whatsappLeaseKey,
} from '../../channels/whatsapp/socket.ts';
import { withServices } from '../../console.ts';
import { createWhatsappAuthStore } from '../../db/whatsapp-auth.ts';
import { createLogger } from '../../log.ts';
import { createRedisConnection } from '../../queue/connection.ts';
import { createRedisLease } from '../../queue/lease.ts';
import { CliError } from '../errors.ts';

interface PairOptions {
  phone?: string;
  qrFile?: string;
  timeout: string;
  force?: boolean;
}

/** `62812…`, `0812…`, `+62 812-…` → `62812…` (the digits WhatsApp wants, country code first). */
function pairingDigits(phone: string): string {
  let digits = phone.replace(/\D/g, '');
  if (digits.startsWith('0')) digits = `62${digits.slice(1)}`;
  if (!/^\d{8,15}$/.test(digits)) {
    throw new CliError(`--phone ${phone}: bukan nomor telepon, mis. 6281234567890 (not a phone number)`);
  }
  return digits;
}

export function registerWhatsapp(program: Command): void {
  const whatsapp = program.command('whatsapp').description('WhatsApp channel (Baileys) / kanal WhatsApp');
  whatsapp
    .command('pair')
    .description(
      'Pair the bot number: scan the QR code, or type a pairing code with --phone / tautkan nomor bot',
    )
    .option('--phone <number>', 'pair by code for this number (62…) instead of a QR code')
    .option('--qr-file <path>', 'where the QR code is saved as PNG (default MEDIA_DIR/whatsapp/pair-qr.png)')
    .option('--timeout <seconds>', 'give up after this long', '300')
    .option('--force', 'pair again although a pairing is stored (the device was removed on the phone)')
    .action(async (opts: PairOptions) => {
      const phone = opts.phone ? pairingDigits(opts.phone) : undefined;
      await withServices(async ({ config, prisma }) => {
        const redis = createRedisConnection(config.REDIS_URL, { name: 'seleksi-whatsapp-pair' });
        redis.on('error', () => undefined);
        const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
        const qrFile = opts.qrFile ?? join(config.MEDIA_DIR, 'whatsapp', 'pair-qr.png');
        try {
          const result = await pairNumber({
            makeSocket: await loadSocketFactory(config.WHATSAPP_SOCKET_MODULE),
            authStore: createWhatsappAuthStore(prisma, WHATSAPP_ACCOUNT),
            lease: createRedisLease(redis, whatsappLeaseKey(config.QUEUE_PREFIX)),
            logger,
            ...(phone ? { phone } : {}),
            force: Boolean(opts.force),
            timeoutMs: Number(opts.timeout) * 1000,
            onWait: (holder) =>
              process.stderr.write(
                `Nomor WhatsApp sedang dipakai proses lain (${holder}); menunggu… (the number is in use by another process; waiting)\n`,
              ),
            onQr: async (qr) => {
              await saveQrPng(qr, qrFile);
              process.stdout.write(
                `${await qrForTerminal(qr)}\nPindai kode QR ini di WhatsApp → Perangkat tertaut → Tautkan perangkat ` +
                  `(scan it in WhatsApp → Linked devices → Link a device); juga disimpan di ${qrFile}\n`,
              );
            },
            onPairingCode: (code) =>
              process.stdout.write(
                `Kode penautan / pairing code: ${code.slice(0, 4)}-${code.slice(4)}\n` +
                  `Di WhatsApp (${phone}) → Perangkat tertaut → Tautkan dengan nomor telepon → ketik kode ini ` +
                  `(in WhatsApp → Linked devices → Link with phone number → type this code)\n`,
              ),
          });
          const account = result.account.replace(/[:@].*$/, '');
          process.stdout.write(
            result.status === 'already'
              ? `WhatsApp sudah tertaut: +${account} (already paired; to pair again: --force)\n`
              : `WhatsApp tertaut: +${account} (paired); jalankan / run: seleksi start dengan WHATSAPP_ENABLED=true\n`,
          );
        } catch (error) {
          if (error instanceof PairError || error instanceof SocketModuleError)
            throw new CliError(error.message);
          throw error;
        } finally {
          logger.flush();
          redis.disconnect();
          // Baileys leaves timers behind (keep-alive, caches): once done, leave.
          setTimeout(() => process.exit(process.exitCode ?? 0), 500).unref();
        }
      });
    });
}

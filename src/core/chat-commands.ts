/**
 * The chat commands, once: each command's name (Bahasa Indonesia), the English words that mean
 * it, whether it works at every step (the flow engine's built-ins; the others start a flow), and
 * its line in the Telegram command menu, in menu order.
 */

import type { Bilingual } from './names.ts';

export interface ChatCommand {
  command: string;
  /** Other words for it (English). */
  aliases: readonly string[];
  /** Works at every step (flow-engine/commands.ts); false: a flow's trigger. */
  builtin: boolean;
  /** Its description in the command menu; absent: not in the menu. */
  menu?: Bilingual;
}

export const CHAT_COMMANDS: readonly ChatCommand[] = [
  {
    command: 'nominasi',
    aliases: [],
    builtin: false,
    menu: { id: 'Ajukan nominasi calon', en: 'Nominate a candidate' },
  },
  {
    command: 'nilai',
    aliases: [],
    builtin: false,
    menu: { id: 'Nilai nomine (juri)', en: 'Score nominees (jurors)' },
  },
  {
    command: 'status',
    aliases: [],
    builtin: true,
    menu: { id: 'Lihat status dan kemajuan', en: 'Status and progress' },
  },
  {
    command: 'hasil',
    aliases: [],
    builtin: false,
    menu: { id: 'Lihat hasil seleksi', en: 'Selection results' },
  },
  {
    command: 'batal',
    aliases: ['cancel'],
    builtin: true,
    menu: { id: 'Batalkan langkah saat ini', en: 'Cancel the current step' },
  },
  {
    command: 'kembali',
    aliases: ['back'],
    builtin: true,
    menu: { id: 'Kembali ke pertanyaan sebelumnya', en: 'Back to the previous question' },
  },
  { command: 'bantuan', aliases: ['help'], builtin: true, menu: { id: 'Bantuan', en: 'Help' } },
  {
    command: 'bahasa',
    aliases: ['language'],
    builtin: true,
    menu: { id: 'Ganti bahasa (Indonesia/English)', en: 'Switch language (Indonesia/English)' },
  },
  { command: 'menu', aliases: [], builtin: true },
  { command: 'start', aliases: [], builtin: true },
  { command: 'daftar', aliases: [], builtin: true },
  { command: 'lanjut', aliases: ['continue'], builtin: true },
  { command: 'lampiran', aliases: ['attachments'], builtin: true },
];

import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';

/** The command menu in Bahasa Indonesia (default for every language without its own list). */
export const COMMANDS_ID: BotCommand[] = [
  { command: 'nominasi', description: 'Ajukan nominasi calon' },
  { command: 'nilai', description: 'Nilai nomine (juri)' },
  { command: 'status', description: 'Lihat status dan kemajuan' },
  { command: 'hasil', description: 'Lihat hasil seleksi' },
  { command: 'batal', description: 'Batalkan langkah saat ini' },
  { command: 'kembali', description: 'Kembali ke pertanyaan sebelumnya' },
  { command: 'bantuan', description: 'Bantuan' },
  { command: 'bahasa', description: 'Ganti bahasa (Indonesia/English)' },
];

/** The same menu for users whose Telegram is set to English (same command names: the flows know them). */
export const COMMANDS_EN: BotCommand[] = [
  { command: 'nominasi', description: 'Nominate a candidate' },
  { command: 'nilai', description: 'Score nominees (jurors)' },
  { command: 'status', description: 'Status and progress' },
  { command: 'hasil', description: 'Selection results' },
  { command: 'batal', description: 'Cancel the current step' },
  { command: 'kembali', description: 'Back to the previous question' },
  { command: 'bantuan', description: 'Help' },
  { command: 'bahasa', description: 'Switch language (Indonesia/English)' },
];

/** Publishes the command menu: id as the default, en for English-language clients. */
export async function setCommandMenu(api: Api): Promise<void> {
  await api.setMyCommands(COMMANDS_ID);
  await api.setMyCommands(COMMANDS_EN, { language_code: 'en' });
}

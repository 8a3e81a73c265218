import type { Command } from 'commander';
import { inviteCodeProblem } from '../../app/invite-check.ts';
import { ChatSetupError } from '../../channels/console/chat-setup.ts';
import { runChat, withServices } from '../../console.ts';
import { FlowValidationError } from '../../flow-engine/load.ts';
import { CliError } from '../errors.ts';

/** `seleksi chat [--user NAME] [--as CODE]`: the console channel (PRODUCT.md §5). */
export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('Talk to the bot in the terminal / mengobrol dengan bot di terminal (console channel)')
    .option('--user <name>', 'local chat identity (default: the OS user); several people can be simulated')
    .option('--as <code>', 'register this chat with an invite code first (sends DAFTAR CODE)')
    .action(async (opts: { user?: string; as?: string }) => {
      // An unknown or expired code fails here, on one line with a non-zero exit, not in the chat.
      const code = opts.as;
      if (code !== undefined) {
        const problem = await withServices(({ prisma }) => inviteCodeProblem(prisma, code));
        if (problem) throw new CliError(problem);
      }
      try {
        await runChat({ user: opts.user, as: opts.as });
      } catch (error) {
        if (error instanceof ChatSetupError) throw new CliError(error.message);
        if (error instanceof FlowValidationError) throw new CliError(`invalid flow: ${error.message}`);
        throw error;
      }
    });
}

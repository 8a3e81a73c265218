import type { Choice } from '../core/messages.ts';
import { ask } from './question.ts';
import { engineText, local, type Run, roleOf, text } from './run.ts';
import { et } from './texts.ts';

/** The flows this person may start, as menu options (the role's main job first). */
export function roleCommands(run: Run): Choice[] {
  const role = roleOf(run.ctx);
  const flows = run.catalog.flows;
  const ordered = [...flows.filter((f) => f.permission), ...flows.filter((f) => !f.permission)];
  const items: Choice[] = [];
  for (const f of ordered) {
    if (!f.command || !f.roles.includes(role)) continue;
    const own = run.catalog.kinds.commandLabels[f.command];
    const what = own ? local(run, own) : text(run, f.title);
    items.push({ value: f.command, label: `${f.command} — ${what}` });
  }
  return items;
}

/** The menu of the person's commands (unregistered chats are told how to register instead). */
export function menu(run: Run) {
  const role = roleOf(run.ctx);
  if (role === 'UNREGISTERED') {
    run.out.push({ text: engineText(run, 'flow.unregistered') });
    return;
  }
  const items = [
    ...roleCommands(run),
    ...(['status', 'bahasa', 'bantuan'] as const).map((c) => ({
      value: c,
      label: `${c} — ${et(`cmd.${c}`, run.locale)}`,
    })),
  ];
  const name = run.ctx.vars.name;
  const shown = typeof name === 'string' ? name : name ? local(run, name) : '';
  const greeting = shown ? `${et('menu.greeting', run.locale, { name: shown })}\n` : '';
  run.out.push({ text: `${greeting}${et('menu.title', run.locale)}`, choices: items, token: 'menu' });
}

/** Repeats the current question after an interruption, or shows the menu when idle. */
export function resumeOrMenu(run: Run) {
  if (run.turn) ask(run.turn);
  else menu(run);
}

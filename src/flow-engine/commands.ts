import type { Locale } from './api.ts';
import { relevantTo } from './conditions.ts';
import { shortLabel } from './display.ts';
import { kindOf } from './kinds.ts';
import { loadActive } from './load-active.ts';
import { menu, resumeOrMenu, roleCommands } from './menu.ts';
import { forgetMediaOf, start } from './navigate.ts';
import { ask, hints } from './question.ts';
import { current, engineText, leave, type Run, roleOf, type Turn, text } from './run.ts';
import type { CompiledFlow } from './schema.ts';
import { et } from './texts.ts';
import { COMMAND_ALIASES } from './vocabulary.ts';

/** Repeats the running flow's question after a command that answered something else. */
function resume(run: Run) {
  if (run.turn) ask(run.turn);
}

/** A flow is running: says so and asks its question again. */
function busy(t: Turn) {
  t.run.out.push({ text: et('flow.busy', t.run.locale, { title: text(t.run, t.flow.title) }) });
  ask(t);
}

function startFlowCommand(run: Run, flow: CompiledFlow, command: string) {
  const role = roleOf(run.ctx);
  if (!flow.roles.includes(role)) {
    run.out.push({
      text: engineText(run, role === 'UNREGISTERED' ? 'flow.unregistered' : 'flow.not_for_role', { command }),
    });
    resume(run);
    return;
  }
  const refusal = flow.permission ? (run.ctx.refusals[flow.permission] ?? null) : null;
  if (refusal) {
    run.out.push({ text: refusal[run.locale] });
    resume(run);
    return;
  }
  const instant = flow.steps.every((s) => s.type === 'note');
  if (instant) {
    for (const s of flow.steps) if (relevantTo(run, null, s)) run.out.push({ text: text(run, s.label) });
    resume(run);
    return;
  }
  if (run.turn) return busy(run.turn);
  start(run, flow);
}

function help(run: Run) {
  const lines = [`ℹ️ ${et('help.title', run.locale)}`];
  if (run.turn) {
    const step = current(run.turn);
    lines.push(et('help.step', run.locale, { label: shortLabel(run, step) }));
    lines.push(
      ...hints(run.turn, step).filter((h) => !h.startsWith(et('hint.previous', run.locale, { value: '' }))),
    );
  }
  lines.push(et('help.commands', run.locale));
  lines.push(...roleCommands(run).map((c) => `• ${c.label}`));
  run.out.push({ text: lines.join('\n') });
  resumeOrMenu(run);
}

/** `kembali`: leaves a pick list, else goes to the question asked before this one. */
function back(run: Run) {
  const t = run.turn;
  if (!t) {
    menu(run);
    return;
  }
  const a = t.a;
  if (a.pending) {
    a.pending = null;
    a.seq += 1;
    ask(t);
    return;
  }
  const prev = a.history.pop();
  if (!prev) {
    run.out.push({ text: `⚠️ ${et('err.first_question', run.locale)}` });
    ask(t);
    return;
  }
  a.pos = prev.pos;
  a.sub = prev.sub;
  a.seq += 1;
  forgetMediaOf(t, prev.pos);
  ask(t);
}

/** The files of what the running flow shows (a dossier's photos and documents), or null. */
function shownFiles(run: Run) {
  const t = run.turn;
  if (!t) return null;
  for (const step of t.flow.steps) {
    const attachments = kindOf(run.catalog.kinds, step).attachments;
    if (attachments) return attachments(t, step);
  }
  return null;
}

/** `lampiran`: the photos and documents of the dossier being read, then the question again. */
function showFiles(run: Run) {
  const found = shownFiles(run);
  if (!found) run.out.push({ text: engineText(run, 'files.none_here') });
  else if (found.files.length === 0)
    run.out.push({ text: engineText(run, 'files.none', { number: found.number }) });
  else
    run.out.push({
      text: engineText(run, 'files.title', { number: found.number, count: found.files.length }),
      files: found.files,
    });
  resumeOrMenu(run);
}

/** `bahasa [id|en]`: switches to the language named, or to the other one. */
function switchLanguage(run: Run, arg: string) {
  const wanted = arg.toLowerCase().startsWith('en') ? 'en' : arg.toLowerCase().startsWith('id') ? 'id' : null;
  const next: Locale = wanted ?? (run.locale === 'id' ? 'en' : 'id');
  run.locale = next;
  run.effects.push({ type: 'set_locale', locale: next });
  run.out.push({ text: et('locale.switched', next) });
  resumeOrMenu(run);
}

const CHANNEL_NAMES = { telegram: 'Telegram', whatsapp: 'WhatsApp', console: 'konsol' } as const;

/** `lanjut`: takes over the flow the person left unfinished on another channel (ctx.draftElsewhere). */
function continueDraft(run: Run) {
  const draft = run.ctx.draftElsewhere;
  if (run.turn) return busy(run.turn);
  if (!draft) {
    run.out.push({ text: et('draft.none', run.locale) });
    menu(run);
    return;
  }
  const loaded = loadActive(run, { schemaVersion: 1, locale: run.locale, active: draft.active });
  if (loaded === 'idle') {
    // Not this person's flow any more (their role changed): nothing to continue.
    run.out.push({ text: et('draft.none', run.locale) });
    menu(run);
    return;
  }
  // Taken over either way: when its flow changed meanwhile, loadActive restarted it here.
  run.effects.push({ type: 'continue_draft' });
  if (loaded !== 'restarted') {
    const title = text(run, loaded.flow.title);
    run.out.push({
      text: et('draft.continued', run.locale, { title, channel: CHANNEL_NAMES[draft.channel] }),
    });
    ask(loaded);
  }
}

/** Runs a built-in command (after `daftar CODE` / `start CODE`, which are handled before). */
function builtinCommand(run: Run, builtin: string, arg: string) {
  const registration = run.catalog.registration;
  switch (builtin) {
    case 'batal':
      run.out.push({ text: et(run.turn ? 'cancelled' : 'nothing_to_cancel', run.locale) });
      leave(run);
      menu(run);
      return;
    case 'kembali':
      return back(run);
    case 'bantuan':
      return help(run);
    case 'bahasa':
      return switchLanguage(run, arg);
    case 'lanjut':
      return continueDraft(run);
    case 'status':
      run.out.push({ text: run.ctx.status[run.locale] });
      resume(run);
      return;
    case 'lampiran':
      return showFiles(run);
    case 'menu':
    case 'start':
      if (run.turn) busy(run.turn);
      else if (roleOf(run.ctx) === 'UNREGISTERED' && registration) start(run, registration);
      else menu(run);
      return;
    case 'daftar':
      if (registration && roleOf(run.ctx) === 'UNREGISTERED' && !run.turn) start(run, registration);
      else resumeOrMenu(run);
      return;
  }
}

/** Returns true when the text was a command (handled here). */
export function command(run: Run, raw: string): boolean {
  const m = /^\s*(\/)?([A-Za-z]+)(?:@\w+)?(?:\s+(.*))?$/s.exec(raw);
  if (!m) return false;
  const slash = Boolean(m[1]);
  const word = m[2]!.toLowerCase();
  const arg = m[3]?.trim() ?? '';
  const builtin = COMMAND_ALIASES[word];
  const flow = run.catalog.byCommand.get(word);
  if (!builtin && !flow) {
    if (!slash) return false;
    run.out.push({ text: `⚠️ ${et('err.unknown_command', run.locale, { command: `/${word}` })}` });
    resumeOrMenu(run);
    return true;
  }
  // Words that take an argument are commands only with it (or a slash), so an answer like
  // "Status" on its own is still treated as the command but "status sosial baik" is text.
  if (arg && !['daftar', 'start', 'bahasa'].includes(builtin ?? '')) {
    if (!slash) return false;
  }
  if ((builtin === 'daftar' || builtin === 'start') && arg) {
    run.effects.push({ type: 'register', code: arg.split(/\s+/)[0]! });
    leave(run);
    return true;
  }
  if (builtin) builtinCommand(run, builtin, arg);
  else if (flow) startFlowCommand(run, flow, word);
  return true;
}

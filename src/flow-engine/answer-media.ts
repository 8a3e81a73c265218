import type { InboundContent } from '../core/messages.ts';
import { mediaWhat, minMedia } from './display.ts';
import { advance } from './navigate.ts';
import { mediaChoices, reject } from './question.ts';
import { isMediaAnswer, type Media, type Turn, token } from './run.ts';
import type { CompiledStep } from './schema.ts';
import { type EngineTextKey, et } from './texts.ts';
import { DEFAULT_MAX_TEXT, DONE_WORDS, SKIP_WORDS } from './vocabulary.ts';

type MediaInput = Extract<InboundContent, { type: 'media' }>;

/** True when the file is of type `ext` (pdf, jpg…), by its name's extension or its MIME type. */
function isOfType(input: MediaInput, ext: string): boolean {
  const alias = ext === 'jpg' ? 'jpeg' : ext === 'jpeg' ? 'jpg' : ext;
  const name = (input.fileName ?? '').toLowerCase();
  const subtype = (input.mimeType ?? '').toLowerCase().split('/')[1] ?? '';
  return [ext, alias].some((e) => name.endsWith(`.${e}`) || subtype === e);
}

/** Adds one received file to the answer; moves on when the step's maximum is reached. */
function receiveFile(t: Turn, step: CompiledStep, input: MediaInput, current: Media[]) {
  const run = t.run;
  const what = mediaWhat(run, step);
  const okKind =
    step.type === 'photo'
      ? input.kind === 'photo' || (input.kind === 'document' && (input.mimeType ?? '').startsWith('image/'))
      : input.kind === 'document' || input.kind === 'photo';
  if (!okKind) {
    const kind = et(`media.${input.kind}` as EngineTextKey, run.locale);
    return reject(t, et('err.media_kind', run.locale, { expected: what, kind }));
  }
  if (step.accept && !step.accept.some((ext) => isOfType(input, ext))) {
    const file = input.fileName
      ? `"${input.fileName}"`
      : et(`media.${input.kind}` as EngineTextKey, run.locale);
    const accepted = step.accept.map((ext) => ext.toUpperCase()).join(' / ');
    return reject(t, et('err.media_type', run.locale, { file, accepted }));
  }
  const item: Media = { kind: input.kind, fileRef: input.fileRef };
  if (input.mimeType) item.mimeType = input.mimeType;
  if (input.fileName) item.fileName = input.fileName;
  if (input.caption) item.caption = input.caption.slice(0, DEFAULT_MAX_TEXT);
  if (input.localPath) item.localPath = input.localPath;
  const media = [...current, item];
  t.a.answers[step.name] = { media };
  if (step.max !== undefined && media.length >= step.max) return advance(t);
  run.out.push({
    text: et('media.received', run.locale, {
      what,
      What: what.charAt(0).toUpperCase() + what.slice(1),
      count: media.length,
    }),
    choices: mediaChoices(t, step),
    token: token(t),
  });
}

/** A photo / document question: files are collected until `selesai` (or the maximum). */
export function answerMedia(t: Turn, step: CompiledStep, input: InboundContent) {
  const run = t.run;
  const a = t.a;
  const current = isMediaAnswer(a.answers[step.name])
    ? (a.answers[step.name] as { media: Media[] }).media
    : [];
  const what = mediaWhat(run, step);
  if (input.type === 'media') return receiveFile(t, step, input, current);
  if (input.type !== 'text') return reject(t, et('err.unsupported', run.locale));
  const s = input.text.trim().toLowerCase();
  if (DONE_WORDS.has(s) || (!step.required && SKIP_WORDS.has(s))) {
    const min = minMedia(step);
    if (current.length < min) {
      const counted = mediaWhat(run, step, current.length);
      return reject(t, et('err.media_min', run.locale, { count: current.length, counted, min, what }));
    }
    if (current.length === 0) a.answers[step.name] = null;
    return advance(t);
  }
  reject(t, et('err.media_text', run.locale, { what }));
}

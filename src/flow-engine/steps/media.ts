import { answerMedia } from '../answer-media.ts';
import { mediaWhat, minMedia } from '../display.ts';
import type { StepKind } from '../kinds.ts';
import { mediaChoices, plainQuestion } from '../question.ts';
import { ACCEPT_FIELD, RANGE_FIELDS } from '../step-fields.ts';
import { et } from '../texts.ts';

/** `photo` / `document`: files collected until `selesai` (or `max`), at least `min`; `accept`: a document's file types. */
function mediaKind(type: 'photo' | 'document'): StepKind {
  return {
    type,
    fields: type === 'document' ? { ...RANGE_FIELDS, ...ACCEPT_FIELD } : RANGE_FIELDS,
    files: true,
    hints(run, step) {
      const min = minMedia(step);
      const key = min > 0 ? 'hint.media' : 'hint.media_optional';
      return [et(key, run.locale, { whats: mediaWhat(run, step, min === 1 ? 1 : 2), min })];
    },
    ask(t, step, tk) {
      const choices = mediaChoices(t, step);
      return { ...plainQuestion(t, step, tk), ...(choices.length > 0 ? { choices } : {}) };
    },
    beforeSkip: true,
    answer: (t, step, reply) =>
      answerMedia(t, step, { type: 'text', text: reply.picked === null ? reply.typed : 'selesai' }),
    receive: (t, step, file) => answerMedia(t, step, file),
  };
}

export const photo = mediaKind('photo');
export const document = mediaKind('document');

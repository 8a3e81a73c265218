import type { Bilingual } from '../core/names.ts';
import { nominationRefusal } from '../domain/eligibility.ts';
import { type Actor, canScore, canSubmitNomination } from '../domain/permissions.ts';
import { type SubmissionRequest, submissionPayloadSchemas } from '../domain/submission.ts';
import type { Identity } from './context.ts';
import type { SeleksiContext } from './flow-steps/context.ts';

/**
 * Re-checks a submission the engine produced against the domain rules and the context it was
 * given: the flow files decide what is asked, never who may submit what.
 */
export function checkSubmission(
  ctx: SeleksiContext,
  identity: Identity | null,
  request: SubmissionRequest,
): Bilingual | null {
  const membership = identity?.membership;
  const { seleksi, lists } = ctx.data;
  if (!identity || !membership || !seleksi) {
    return { id: 'Chat ini belum terdaftar.', en: 'This chat is not registered.' };
  }
  if (!submissionPayloadSchemas[request.kind].safeParse(request.payload).success) {
    return { id: 'Data kiriman tidak lengkap.', en: 'The submission is incomplete.' };
  }
  if (request.payload.seleksiId !== membership.seleksi.id) {
    return { id: 'Kiriman untuk seleksi lain.', en: 'The submission is for another seleksi.' };
  }
  const actor: Actor = {
    role: membership.role,
    regionCode: membership.regionCode,
    categories: membership.categories,
  };
  const phase = membership.seleksi.phase;
  if (request.kind === 'NOMINATION') {
    const p = request.payload;
    const refusal = canSubmitNomination(
      phase,
      actor,
      { categoryCode: p.categoryCode, regionCode: p.regionCode },
      seleksi.categories.map((c) => c.code),
    );
    if (refusal) return refusal;
    if (p.nominationId && !lists.myNominations.some((n) => n.id === p.nominationId)) {
      return {
        id: 'Nominasi yang diubah bukan milik kabupaten/kota Anda.',
        en: 'The nomination being edited is not one of your kabupaten/kota.',
      };
    }
    const rules = seleksi.categories.find((c) => c.code === p.categoryCode)?.rules;
    const ineligible = rules ? nominationRefusal(rules, p.answers, p.attachments, ctx.now) : null;
    return ineligible ? { id: ineligible.id, en: ineligible.en } : null;
  }
  const base = canScore(phase, actor);
  if (base) return base;
  const chosen = lists.jurorChosen;
  const nominee = chosen?.id === request.payload.nominationId ? chosen.nominee : null;
  if (!nominee) {
    return {
      id: 'Nominasi ini tidak termasuk daftar yang dapat Anda nilai.',
      en: 'This nominee is not on your list to score.',
    };
  }
  // Read with the message only among assigned categories outside the juror's own kabupaten.
  if (nominee.recused && request.kind === 'SCORE_SHEET') {
    return {
      id: 'Anda sudah mengundurkan diri dari penilaian nominasi ini.',
      en: 'You have recused yourself from scoring this nominee.',
    };
  }
  return null;
}

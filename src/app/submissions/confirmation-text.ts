/** The confirmation message a user gets for a processed submission. */

import type { Locale } from '../../flow-engine/api.ts';
import type { SubmissionOutcome } from '../ports.ts';
import { t } from '../texts.ts';

/** The message that tells the user what became of their submission, in their language. */
export function confirmationText(outcome: SubmissionOutcome, locale: Locale): string {
  if (outcome.status === 'rejected') {
    return t('submission.rejected', locale, {
      reason: locale === 'en' ? outcome.messageEn : outcome.messageId,
    });
  }
  switch (outcome.kind) {
    case 'NOMINATION': {
      const text = t(
        outcome.updated ? 'submission.nomination.updated' : 'submission.nomination.recorded',
        locale,
        {
          number: outcome.number,
        },
      );
      const by = outcome.previousEditor;
      return by ? `${text}\n${t('submission.nomination.previous_editor', locale, by)}` : text;
    }
    case 'SCORE_SHEET':
      return t('submission.scores.recorded', locale, { number: outcome.nominationNumber });
    case 'RECUSAL':
      return t('submission.recusal.recorded', locale, { number: outcome.nominationNumber });
  }
}

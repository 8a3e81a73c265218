import type { StepKind } from '../../flow-engine/kinds.ts';
import { dossierFiles, dossierText } from './dossier.ts';
import { nomineeOfProblems } from './nominee-of.ts';
import { dependsOnOf, OF_FIELD } from './step-fields.ts';

/** `dossier`: the chosen nominee's nomination, shown as the walk passes it; `lampiran` sends its files. */
export const dossier: StepKind = {
  type: 'dossier',
  noAnswer: true,
  fields: OF_FIELD,
  dependsOn: dependsOnOf,
  validate: nomineeOfProblems,
  show: dossierText,
  attachments: dossierFiles,
};

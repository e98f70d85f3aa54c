import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import type { ExportColumn } from './export-types';

const ROLE_LABELS = [
  { value: 'MEDIATOR', label: 'Médiateur ou médiatrice numérique' },
  { value: 'PROFESSIONAL', label: 'Professionnel ou professionnelle' },
];

/**
 * The columns every `submissions` table starts with. `submission_id` is a row id of this export
 * only; `participant` and `pair` hold per-partner pseudonyms (never the stored codes); the day of
 * submission is cut to its month. The others are key variables like the answers (`phase` too: a
 * wave answered by few people singles them out).
 */
export function contextColumns(definitions: readonly InstrumentDefinition[]): ExportColumn[] {
  const versions = [...new Set(definitions.map((definition) => definition.version))];
  return [
    {
      name: 'submission_id',
      title: 'Identifiant de la soumission',
      type: 'string',
      description:
        'Identifiant de la ligne, propre à cet export : il ne se retrouve dans aucun autre export.',
      quasi: false,
      source: { kind: 'context', key: 'submission_id' },
    },
    {
      name: 'instrument_version',
      title: 'Version de l’instrument',
      type: 'string',
      categories: versions.map((version) => ({
        value: version,
        label:
          `${definitions.find((d) => d.version === version)?.title.fr ?? ''} ${version}`.trim(),
      })),
      quasi: true,
      source: { kind: 'context', key: 'instrument_version' },
    },
    {
      name: 'campaign',
      title: 'Campagne',
      type: 'string',
      quasi: true,
      source: { kind: 'context', key: 'campaign' },
    },
    {
      name: 'phase',
      title: 'Phase',
      type: 'string',
      quasi: true,
      source: { kind: 'context', key: 'phase' },
    },
    {
      name: 'respondent_role',
      title: 'Rôle du répondant',
      type: 'string',
      categories: ROLE_LABELS,
      quasi: true,
      source: { kind: 'context', key: 'respondent_role' },
    },
    {
      name: 'branch',
      title: 'Branche',
      type: 'string',
      quasi: true,
      source: { kind: 'context', key: 'branch' },
    },
    {
      name: 'participant',
      title: 'Participant (pseudonyme)',
      type: 'string',
      description:
        'Pseudonyme propre au partenaire destinataire ; vide pour les réponses anonymes.',
      quasi: false,
      source: { kind: 'context', key: 'participant' },
    },
    {
      name: 'pair',
      title: 'Binôme (pseudonyme)',
      type: 'string',
      description: 'Pseudonyme propre au partenaire destinataire ; vide hors binôme.',
      quasi: false,
      source: { kind: 'context', key: 'pair' },
    },
    {
      name: 'submitted_month',
      title: 'Mois de soumission',
      type: 'yearmonth',
      description: 'Date de soumission réduite au mois (AAAA-MM).',
      quasi: true,
      source: { kind: 'context', key: 'submitted_month' },
    },
  ];
}

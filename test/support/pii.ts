import { loadCorpus } from '../../libs/anonymisation/src/evaluation/corpus';

/**
 * Personal data the tests submit on purpose. No log line of the whole run may contain any of it
 * (checked by the global teardown over every test app's log file).
 */
export const PII_NOTE_VALUES = ['Mme Martin', '06.12.34.56.78', 'jean.martin@example.org'];

export const PII_NOTE = `Reçue avec ${PII_NOTE_VALUES.join(', ')} pour un dossier CAF.`;

/**
 * The values of the French corpus (libs/anonymisation/corpus), which the scrubbing tests submit
 * and store. Those of eight characters or more: shorter ones (`1234`, a PIN) also occur in
 * ordinary log lines (ports, durations) and would make the scan meaningless.
 */
export const CORPUS_VALUES = [
  ...new Set(
    loadCorpus().leaks.flatMap((leak) =>
      leak.entities
        .map((entity) => leak.text.slice(entity.start, entity.end))
        .filter((value) => value.length >= 8),
    ),
  ),
];

export const SUBMITTED_PII = [...PII_NOTE_VALUES, ...CORPUS_VALUES];

/**
 * Personal data the tests submit on purpose. No log line of the whole run may contain any of it
 * (checked by the global teardown over every test app's log file).
 */
export const SUBMITTED_PII = ['Mme Martin', '06.12.34.56.78', 'jean.martin@example.org'];

export const PII_NOTE = `Reçue avec ${SUBMITTED_PII.join(', ')} pour un dossier CAF.`;

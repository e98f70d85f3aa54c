/**
 * The version of the free-text scrubber, stored with every submission it scrubs. When it changes,
 * the re-scrubbing job scrubs stored free text again with the new version, and exports always
 * scrub verbatims with the version they run with.
 *
 * Bump it whenever the detectors, the lexicons or the normalisation change what is redacted:
 * scrubber-version.spec.ts fails until you do (the outputs of the corpus are recorded per version
 * in corpus/scrubbed-v<version>.json by `npm run scrubber:eval`).
 *
 * 1. Before issue 13: emails, phones, NIR, IBAN, cards, addresses, names after a civil title.
 * 2. Issue 13: normalisation, separators, spelled-out emails, names without titles, new kinds.
 */
export const SCRUBBER_VERSION = 2;

/**
 * @observatory/instrument-sdk: what an instrument plugin author needs. The plugin contract and the
 * definition language's types, its JSON Schema, the definition check and version diff the service
 * runs, and helpers for reading JSON and naming paths. The test kit is `@observatory/instrument-sdk/testing`.
 */
export * from './definition';
export * from './plugin';
export * from './definition-check';
export { INSTRUMENT_DEFINITION_SCHEMA } from './definition-schema';
export * from './semver-diff';
export * from './condition-scope';
export * from './json-path';
export * from './iso-date';
export * from './plugin-check';
export * from './version-file';

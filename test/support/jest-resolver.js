// Jest resolves `@observatory/<name>` from the sources, as tsconfig.json's `paths` say (see
// scripts/library-paths.js). Only for this repository's own files: a plugin folder with its own
// package.json (plugins/activity-report) gets the SDK it installed, as it does in production.
'use strict';
const { libraryTarget, usesRepositoryLibraries } = require('../../scripts/library-paths');

module.exports = function resolve(request, options) {
  const target = usesRepositoryLibraries(options.basedir) ? libraryTarget(request) : undefined;
  return options.defaultResolver(target ?? request, options);
};

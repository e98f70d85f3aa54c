/**
 * Instrument kind `activity-report`: the national activity report (CRA) of digital mediators,
 * written only against @observatory/instrument-sdk. Loaded by the Observatory API with
 * INSTRUMENT_PLUGINS=<this folder> once built (package.json "main": dist/index.js).
 */
import * as path from 'node:path';
import type { InstrumentKindPlugin } from '@observatory/instrument-sdk';
import {
  activityMeasures,
  checkActivityAnswers,
  checkActivityReport,
  deriveActivity,
} from './activity-report';

const plugin: InstrumentKindPlugin = {
  kind: 'activity-report',
  version: '1.0.0',
  sdkVersion: '^1.0.0',
  description:
    "Compte rendu d'activité (CRA) des médiateurs numériques, avec les champs et valeurs de la Coop de la médiation numérique.",
  // Compiled to dist/index.js: the versions are beside dist/.
  versionsDir: path.join(__dirname, '..', 'versions'),
  checkDefinition: checkActivityReport,
  checkAnswers: checkActivityAnswers,
  derive: deriveActivity,
  measures: activityMeasures,
};

export default plugin;

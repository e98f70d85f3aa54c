import * as disclosureControl from './disclosure-control/index';
import * as anonymisation from './index';

describe('public API', () => {
  it('exports the library functions', () => {
    expect(Object.keys(anonymisation).sort()).toEqual(
      [
        'REDACTION_KINDS',
        'anonymiseAnswers',
        'createKnownNamesDetector',
        'createSpanDetector',
        'describeKind',
        'differencingSafe',
        'generalise',
        'leaksIn',
        'mergeOverlaps',
        'mergeRedactions',
        'normaliseForDetection',
        'personalDataIn',
        'personalDataProblems',
        'quoteInput',
        'placeholderFor',
        'populationDisclosed',
        'rescrubAnswers',
        'SCRUBBER_VERSION',
        'scrubFreeText',
        'suppressSmallCells',
        // The cell-key method, the population memory and the protected tables, whole.
        ...Object.keys(disclosureControl),
      ].sort(),
    );
  });
});

import * as anonymisation from './index';

describe('public API', () => {
  it('exports the library functions', () => {
    expect(Object.keys(anonymisation).sort()).toEqual(
      [
        'REDACTION_KINDS',
        'anonymiseAnswers',
        'createKnownNamesDetector',
        'createSpanDetector',
        'differencingSafe',
        'generalise',
        'leaksIn',
        'mergeOverlaps',
        'normaliseForDetection',
        'placeholderFor',
        'populationDisclosed',
        'scrubFreeText',
        'suppressSmallCells',
      ].sort(),
    );
  });
});

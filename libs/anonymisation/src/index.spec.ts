import * as anonymisation from './index';

describe('public API', () => {
  it('exports the library functions', () => {
    expect(Object.keys(anonymisation).sort()).toEqual(
      [
        'REDACTION_KINDS',
        'anonymiseAnswers',
        'createKnownNamesDetector',
        'createSpanDetector',
        'detectAddresses',
        'differencingSafe',
        'populationDisclosed',
        'suppressSmallCells',
        'detectCards',
        'detectCivilTitleNames',
        'detectEmails',
        'detectIbans',
        'detectNirs',
        'detectPhones',
        'generalise',
        'leaksIn',
        'placeholderFor',
        'resolveOverlaps',
        'scrubFreeText',
      ].sort(),
    );
  });
});

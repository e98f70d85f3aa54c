import { SDK_VERSION, walkFields } from './plugin';
import type { Field } from './definition';

describe('walkFields', () => {
  it('visits nested fields depth first with their key paths', () => {
    const fields: Field[] = [
      { key: 'a', type: 'boolean', label: { fr: 'A' }, privacy: 'none' },
      {
        key: 'b',
        type: 'repeat',
        label: { fr: 'B' },
        privacy: 'none',
        fields: [{ key: 'c', type: 'long-text', label: { fr: 'C' }, privacy: 'free-text' }],
      },
    ];
    expect([...walkFields(fields)].map((v) => v.path.join('.'))).toEqual(['a', 'b', 'b.c']);
  });
});

describe('SDK_VERSION', () => {
  it('is the version of the published package, which plugins target with sdkVersion', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package manifest
    const manifest = require('../package.json') as { name: string; version: string };
    expect(manifest).toMatchObject({ name: '@observatory/instrument-sdk', version: SDK_VERSION });
  });
});

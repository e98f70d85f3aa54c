import { downloadSignature, signedDownloadPath, verifyDownload } from './signed-url';

const secret = 'a'.repeat(64);
const id = '6f1b0a52-3a3e-4d5a-8f5e-0b1f2c3d4e5f';
const now = Date.UTC(2026, 10, 24, 12, 0, 0);
const inOneHour = now / 1000 + 3600;

describe('signed download links', () => {
  it('accept their own signature until they expire', () => {
    const signature = downloadSignature(secret, id, 'submissions.csv', inOneHour);
    expect(verifyDownload(secret, id, 'submissions.csv', String(inOneHour), signature, now)).toBe(
      'valid',
    );
    expect(
      verifyDownload(secret, id, 'submissions.csv', String(inOneHour), signature, now + 3601_000),
    ).toBe('expired');
  });

  it.each<[string, { file?: string; id?: string; expires?: string; secret?: string }]>([
    ['another file', { file: 'beneficiaries.csv' }],
    ['another export', { id: '00000000-0000-4000-8000-000000000000' }],
    ['a later expiry', { expires: String(inOneHour + 1) }],
    ['another secret', { secret: 'b'.repeat(64) }],
  ])('refuse %s', (_, change) => {
    const signature = downloadSignature(secret, id, 'submissions.csv', inOneHour);
    const result = verifyDownload(
      change.secret ?? secret,
      change.id ?? id,
      change.file ?? 'submissions.csv',
      change.expires ?? String(inOneHour),
      signature,
      now,
    );
    expect(result).toBe('invalid');
  });

  it.each([undefined, '', 'zz', 'a'.repeat(63)])('refuse a malformed signature %p', (signature) => {
    expect(verifyDownload(secret, id, 'x.csv', String(inOneHour), signature, now)).toBe('invalid');
  });

  it('carry no API key, only the expiry and the signature', () => {
    const path = signedDownloadPath(secret, id, 'datapackage.json', inOneHour);
    expect(path).toMatch(
      new RegExp(
        `^/exports/${id}/files/datapackage\\.json\\?expires=${inOneHour}&signature=[0-9a-f]{64}$`,
      ),
    );
  });
});

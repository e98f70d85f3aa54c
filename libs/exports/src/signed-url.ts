import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signature of a download link: the export, the file and the expiry, keyed by the export secret. */
export function downloadSignature(
  secret: string,
  exportId: string,
  fileName: string,
  expires: number,
): string {
  return createHmac('sha256', secret)
    .update(`download\n${exportId}\n${fileName}\n${expires}`)
    .digest('hex');
}

export function signedDownloadPath(
  secret: string,
  exportId: string,
  fileName: string,
  expires: number,
): string {
  const signature = downloadSignature(secret, exportId, fileName, expires);
  return `/exports/${exportId}/files/${encodeURIComponent(fileName)}?expires=${expires}&signature=${signature}`;
}

/** Checks a link: a valid signature that has not expired. Constant-time comparison. */
export function verifyDownload(
  secret: string,
  exportId: string,
  fileName: string,
  expires: string | undefined,
  signature: string | undefined,
  now = Date.now(),
): 'valid' | 'expired' | 'invalid' {
  const expiry = Number(expires);
  if (!expires || !signature || !Number.isInteger(expiry) || !/^[0-9a-f]{64}$/.test(signature))
    return 'invalid';
  const expected = Buffer.from(downloadSignature(secret, exportId, fileName, expiry), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return 'invalid';
  return expiry * 1000 < now ? 'expired' : 'valid';
}

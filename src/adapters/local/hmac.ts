import { createHmac, timingSafeEqual } from 'node:crypto';

export const hmacBase64Url = (secret: string, text: string): string =>
  createHmac('sha256', secret).update(text).digest('base64url');

/** Constant-time comparison of a presented signature with the expected one. */
export function signatureMatches(secret: string, text: string, presented: string): boolean {
  const expected = Buffer.from(hmacBase64Url(secret, text));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

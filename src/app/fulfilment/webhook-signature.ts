import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors';

/**
 * Webhook signatures, both directions (outbound instructions, inbound warehouse reports):
 *   Marquee-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 * The timestamp is signed with the body, so a captured request cannot be replayed
 * outside the tolerance window. Several v1 entries may be present (secret rotation:
 * the sender signs with old and new secrets); one match is enough.
 */
export const SIGNATURE_HEADER = 'Marquee-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

const HEX_SHA256 = /^[0-9a-f]{64}$/;

const unixSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

const hmacHex = (timestamp: number, body: string, secret: string) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

/** The header value for `body` (the exact bytes that will be sent) at time `now`. */
export function sign(body: string, secret: string | readonly string[], now: Date): string {
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0 || secrets.some((s) => s.length === 0)) throw new Error('a webhook secret is required');
  const t = unixSeconds(now);
  return [`t=${t}`, ...secrets.map((s) => `v1=${hmacHex(t, body, s)}`)].join(',');
}

export interface ParsedSignature {
  readonly timestamp: number;
  readonly signatures: readonly string[];
}

const refuse = (reason: string) => new DomainError('Unauthorized', `webhook signature refused: ${reason}`);

export function parseSignatureHeader(header: string | undefined | null): ParsedSignature {
  if (header === undefined || header === null || header.trim() === '') throw refuse(`missing ${SIGNATURE_HEADER} header`);
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 1) throw refuse('malformed header');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) throw refuse('malformed timestamp');
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA256.test(value)) throw refuse('malformed v1 signature');
      signatures.push(value);
    }
    // Unknown schemes (v0, v2, ...) are ignored so the header can evolve.
  }
  if (timestamp === undefined) throw refuse('no timestamp');
  if (signatures.length === 0) throw refuse('no v1 signature');
  return { timestamp, signatures };
}

/**
 * Checks that `rawBody` (exactly as received, before any JSON parsing) was signed with
 * `secret` within `toleranceSeconds` of `now`. Throws DomainError('Unauthorized') otherwise;
 * returns the signed timestamp.
 */
export function verify(
  rawBody: string,
  header: string | undefined | null,
  secret: string | readonly string[],
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): number {
  const { timestamp, signatures } = parseSignatureHeader(header);
  if (Math.abs(unixSeconds(now) - timestamp) > toleranceSeconds)
    throw refuse(`timestamp outside the ${toleranceSeconds}s tolerance`);
  const secrets = typeof secret === 'string' ? [secret] : secret;
  let matched = false;
  // Compare every candidate (no early exit) so timing does not reveal which one matched.
  for (const s of secrets) {
    if (s.length === 0) continue;
    const expected = Buffer.from(hmacHex(timestamp, rawBody, s), 'hex');
    for (const candidate of signatures) {
      if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) matched = true;
    }
  }
  if (!matched) throw refuse('signature does not match');
  return timestamp;
}

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors';
import { parseSignatureHeader, sign, verify } from '../../src/app/fulfilment/webhook-signature';

const secret = 'whsec_test_secret';
const body = JSON.stringify({ type: 'shipment.instructed', shipmentId: 's1' });
const at = new Date('2026-11-25T10:00:00.000Z');
const t = at.getTime() / 1000;
const seconds = (n: number) => new Date(at.getTime() + n * 1000);

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e) && e.errorType === 'Unauthorized') return e.message;
    throw e;
  }
  throw new Error('expected an Unauthorized refusal');
}

describe('Marquee-Signature', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(sign(body, secret, at)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies what it signed and returns the timestamp', () => {
    expect(verify(body, sign(body, secret, at), secret, at)).toBe(t);
  });

  it('accepts a timestamp within the tolerance either side (clock skew)', () => {
    const header = sign(body, secret, at);
    expect(verify(body, header, secret, seconds(300))).toBe(t);
    expect(verify(body, header, secret, seconds(-300))).toBe(t);
    expect(verify(body, header, secret, seconds(59), 60)).toBe(t);
  });

  it('refuses a stale or far-future signature', () => {
    const header = sign(body, secret, at);
    expect(refusal(() => verify(body, header, secret, seconds(301)))).toMatch(/tolerance/);
    expect(refusal(() => verify(body, header, secret, seconds(-301)))).toMatch(/tolerance/);
    expect(refusal(() => verify(body, header, secret, seconds(61), 60))).toMatch(/60s tolerance/);
  });

  it('refuses a body changed after signing', () => {
    const header = sign(body, secret, at);
    expect(refusal(() => verify(body.replace('s1', 's2'), header, secret, at))).toMatch(/does not match/);
    expect(refusal(() => verify(`${body} `, header, secret, at))).toMatch(/does not match/);
  });

  it('refuses a signature made with another secret', () => {
    expect(refusal(() => verify(body, sign(body, 'other', at), secret, at))).toMatch(/does not match/);
  });

  it('refuses a timestamp moved without re-signing (replay with a fresh t)', () => {
    const v1 = sign(body, secret, at).split(',')[1];
    const header = `t=${t + 100},${v1}`;
    expect(refusal(() => verify(body, header, secret, seconds(100)))).toMatch(/does not match/);
  });

  it.each([
    [undefined, /missing Marquee-Signature/],
    ['', /missing/],
    ['garbage', /malformed header/],
    [`t=abc,v1=${'0'.repeat(64)}`, /malformed timestamp/],
    [`t=${t},t=${t},v1=${'0'.repeat(64)}`, /malformed timestamp/],
    [`v1=${'0'.repeat(64)}`, /no timestamp/],
    [`t=${t}`, /no v1/],
    [`t=${t},v1=xyz`, /malformed v1/],
    [`t=${t},v1=${'A'.repeat(64)}`, /malformed v1/],
  ])('refuses header %j', (header, reason) => {
    expect(refusal(() => verify(body, header, secret, at))).toMatch(reason);
  });

  it('supports secret rotation: several v1 entries, several accepted secrets', () => {
    const header = sign(body, ['old', 'new'], at);
    expect(parseSignatureHeader(header).signatures).toHaveLength(2);
    expect(verify(body, header, 'new', at)).toBe(t);
    expect(verify(body, sign(body, 'old', at), ['new', 'old'], at)).toBe(t);
    expect(refusal(() => verify(body, header, 'neither', at))).toMatch(/does not match/);
  });

  it('ignores unknown schemes so the header can evolve', () => {
    const header = `${sign(body, secret, at)},v2=whatever`;
    expect(verify(body, header, secret, at)).toBe(t);
  });

  it('refuses to sign without a secret', () => {
    expect(() => sign(body, '', at)).toThrow(/secret is required/);
  });
});

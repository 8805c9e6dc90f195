import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { subFor, TokenIssuer } from '../../src/server/token-issuer';

async function signingKey(): Promise<JWK & { kid: string }> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: 'test-key' };
}

/** A clock the test moves by hand. */
function manualClock(start = new Date('2026-12-02T09:00:00.000Z')) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

const unauthorized = (message: string) => expect.objectContaining({ errorType: 'Unauthorized', message });

describe('local token issuer', () => {
  it('verifies the tokens it issues, and gives the same caller for the same token again', async () => {
    const issuer = new TokenIssuer(await signingKey());
    const { accessToken } = await issuer.issue('alice', ['STAFF']);
    const expected = { kind: 'user', sub: subFor('alice'), username: 'alice', groups: ['STAFF'] };
    expect(await issuer.verify(`Bearer ${accessToken}`)).toEqual(expected);
    expect(await issuer.verify(accessToken)).toEqual(expected);
  });

  it('refuses a token once it has expired, also after it was verified while valid', async () => {
    const clock = manualClock();
    const issuer = new TokenIssuer(await signingKey(), clock);
    const { accessToken, expiresIn } = await issuer.issue('alice', []);
    await issuer.verify(accessToken);
    clock.advance((expiresIn - 1) * 1000);
    expect(await issuer.verify(accessToken)).toMatchObject({ kind: 'user', username: 'alice' });
    clock.advance(1000);
    await expect(issuer.verify(accessToken)).rejects.toEqual(unauthorized('Token expired: sign in again'));
    // Checked again from the signature: still expired.
    await expect(issuer.verify(accessToken)).rejects.toEqual(unauthorized('Token expired: sign in again'));
  });

  it('refuses a token with a changed claim or signature, though the genuine one was verified', async () => {
    const issuer = new TokenIssuer(await signingKey());
    const { accessToken } = await issuer.issue('alice', []);
    await issuer.verify(accessToken);
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const asStaff = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['STAFF'] })).toString('base64url');
    await expect(issuer.verify(`${header}.${asStaff}.${signature}`)).rejects.toEqual(unauthorized('invalid token'));
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(issuer.verify(`${header}.${payload}.${flipped}`)).rejects.toEqual(unauthorized('invalid token'));
  });

  it("refuses another issuer's token", async () => {
    const ours = new TokenIssuer(await signingKey());
    const theirs = new TokenIssuer(await signingKey());
    const { accessToken } = await theirs.issue('mallory', ['STAFF']);
    await expect(ours.verify(accessToken)).rejects.toEqual(unauthorized('invalid token'));
  });
});

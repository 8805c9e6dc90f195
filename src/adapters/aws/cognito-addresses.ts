import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { MailRecipient } from '../../ports/mailer';

export interface CognitoAddressesOptions {
  readonly userPoolId: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  readonly fetch?: typeof fetch;
}

interface AdminGetUserOutput {
  readonly UserAttributes?: readonly { readonly Name?: string; readonly Value?: string }[];
}

/**
 * A customer's mail address from the user pool: AdminGetUser with the customer id (the `sub`,
 * which Cognito accepts as the username), SigV4-signed over plain HTTPS (the project has no
 * Cognito SDK client). Addresses are cached for the container's life.
 */
export function cognitoAddresses(options: CognitoAddressesOptions): (to: MailRecipient) => Promise<string> {
  const endpoint = new URL(`https://cognito-idp.${options.region}.amazonaws.com/`);
  const signer = new SignatureV4({ service: 'cognito-idp', region: options.region, credentials: options.credentials, sha256: Sha256 });
  const send = options.fetch ?? fetch;
  const cache = new Map<string, Promise<string>>();

  const lookup = async (customerId: string): Promise<string> => {
    const request = new HttpRequest({
      method: 'POST',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      path: '/',
      headers: {
        host: endpoint.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser',
      },
      body: JSON.stringify({ UserPoolId: options.userPoolId, Username: customerId }),
    });
    const signed = await signer.sign(request);
    const response = await send(endpoint, { method: 'POST', headers: signed.headers, body: signed.body as string });
    const text = await response.text();
    if (!response.ok) throw new Error(`Cognito AdminGetUser answered ${response.status}: ${text.slice(0, 300)}`);
    const email = (JSON.parse(text) as AdminGetUserOutput).UserAttributes?.find((a) => a.Name === 'email')?.Value;
    if (!email) throw new Error(`customer ${customerId} has no email address in the user pool`);
    return email;
  };

  return (to) => {
    let address = cache.get(to.customerId);
    if (!address) {
      address = lookup(to.customerId);
      address.catch(() => cache.delete(to.customerId));
      cache.set(to.customerId, address);
    }
    return address;
  };
}

import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Publisher } from '../../ports/publisher';

export interface AppSyncPublisherOptions {
  /** The GraphQL endpoint, `https://<id>.appsync-api.<region>.amazonaws.com/graphql`. */
  readonly url: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Publish mutation -> selection set of its return type (see appsync-selection-sets.ts). */
  readonly selectionSets: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
}

/**
 * The Publisher port on AppSync: an IAM (SigV4) signed call of the internal `@aws_iam` publish
 * mutation with the payload as AWSJSON; AppSync fans it out to the subscriptions that name it.
 */
export class AppSyncPublisher implements Publisher {
  private readonly signer: SignatureV4;
  private readonly endpoint: URL;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: AppSyncPublisherOptions) {
    this.endpoint = new URL(options.url);
    this.signer = new SignatureV4({
      service: 'appsync',
      region: options.region,
      credentials: options.credentials,
      sha256: Sha256,
    });
    this.fetch = options.fetch ?? fetch;
  }

  async publish(mutation: string, payload: Record<string, unknown>): Promise<void> {
    const request = await this.signedRequest(mutation, payload);
    const response = await this.fetch(this.endpoint, {
      method: request.method,
      headers: request.headers,
      body: request.body as string,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`AppSync ${mutation} answered ${response.status}: ${text.slice(0, 500)}`);
    const body = JSON.parse(text) as { errors?: { message?: string; errorType?: string }[] };
    if (body.errors?.length) {
      const first = body.errors[0]!;
      throw new Error(`AppSync ${mutation} failed: ${first.errorType ?? 'Error'}: ${first.message ?? ''}`);
    }
  }

  /** The signed HTTP request for one publish (exposed for request-shape tests). */
  async signedRequest(mutation: string, payload: Record<string, unknown>): Promise<HttpRequest> {
    const selection = this.options.selectionSets[mutation];
    if (!selection) throw new Error(`no selection set for publish mutation ${mutation}`);
    const body = JSON.stringify({
      query: `mutation Publish($data: AWSJSON!) { ${mutation}(data: $data) ${selection} }`,
      operationName: 'Publish',
      variables: { data: JSON.stringify(payload) },
    });
    const { hostname, port, pathname, protocol } = this.endpoint;
    const request = new HttpRequest({
      method: 'POST',
      protocol,
      hostname,
      ...(port ? { port: Number(port) } : {}),
      path: pathname,
      headers: { 'content-type': 'application/json', accept: 'application/json', host: this.endpoint.host },
      body,
    });
    return (await this.signer.sign(request)) as HttpRequest;
  }
}

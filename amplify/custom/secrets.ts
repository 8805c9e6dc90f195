import { RemovalPolicy } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { allow } from './permissions';

/**
 * Secrets read by the Lambdas at cold start. Values are set by the operator after the first deploy
 * (`aws secretsmanager put-secret-value`); the generated ones are usable as they are.
 */
export class Secrets extends Construct {
  /** `{ "secretKey": "sk_...", "webhookSecret": "whsec_..." }`; empty secretKey = offline gateway. */
  readonly stripe: Secret;
  /** `{ "warehouse": "<shared HMAC secret>" }` for signed warehouse webhooks, generated. */
  readonly webhooks: Secret;
  /** PEM of the private key whose public half is in the media distribution's key group. */
  readonly cloudFrontPrivateKey: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.stripe = new Secret(this, 'Stripe', {
      description: 'Marquee Stripe API key and webhook signing secret (JSON: secretKey, webhookSecret)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ secretKey: '' }),
        generateStringKey: 'webhookSecret',
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.webhooks = new Secret(this, 'Webhooks', {
      description: 'Marquee outbound/inbound warehouse webhook signing secret (JSON: warehouse)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'warehouse',
        excludePunctuation: true,
        passwordLength: 48,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.cloudFrontPrivateKey = new Secret(this, 'CloudFrontPrivateKey', {
      description: 'PEM private key for CloudFront signed media URLs (public half: MARQUEE_CLOUDFRONT_PUBLIC_KEY)',
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  allowRead(grantee: IGrantable) {
    allow(
      grantee,
      ['secretsmanager:GetSecretValue'],
      [this.stripe.secretArn, this.webhooks.secretArn, this.cloudFrontPrivateKey.secretArn],
    );
  }
}

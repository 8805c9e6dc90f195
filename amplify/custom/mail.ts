import { Stack } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { allow } from './permissions';

/**
 * SES for order confirmations: a domain identity for the sender (MARQUEE_MAIL_FROM at deploy time;
 * its DKIM records must be published in DNS, and a new account starts in the SES sandbox).
 */
export class Mail extends Construct {
  readonly from: string;
  readonly identityArn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.from = process.env.MARQUEE_MAIL_FROM ?? 'no-reply@example.com';
    const domain = this.from.slice(this.from.indexOf('@') + 1);
    const identity = new EmailIdentity(this, 'Sender', { identity: Identity.domain(domain) });
    this.identityArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: identity.emailIdentityName,
    });
  }

  allowSend(grantee: IGrantable) {
    allow(grantee, ['ses:SendEmail'], [this.identityArn]);
  }
}

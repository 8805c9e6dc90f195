import { Stack } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { MAIL_MARKER_PK } from '../../src/adapters/aws/ses-mailer';
import { allow } from './permissions';

export interface MailProps {
  /** Where customers' addresses are looked up (AdminGetUser). */
  readonly userPool: IUserPool;
  /** The read-model table, which holds the SES mailer's per-message markers. */
  readonly markerTable: ITable;
}

/**
 * SES for order confirmations: a domain identity for the sender (MARQUEE_MAIL_FROM at deploy time;
 * its DKIM records must be published in DNS, and a new account starts in the SES sandbox).
 */
export class Mail extends Construct {
  readonly from: string;
  readonly identityArn: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: MailProps,
  ) {
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

  /** Send as the sender identity, read recipients' addresses, and claim/mark messages (src/adapters/aws/ses-mailer.ts). */
  allowSend(grantee: IGrantable) {
    allow(grantee, ['ses:SendEmail'], [this.identityArn]);
    allow(grantee, ['cognito-idp:AdminGetUser'], [this.props.userPool.userPoolArn]);
    // Only the marker partition of the read-model table: read models stay the projector's alone.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [this.props.markerTable.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [MAIL_MARKER_PK] } },
      }),
    );
  }
}

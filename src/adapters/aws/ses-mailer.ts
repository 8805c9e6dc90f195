import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { systemClock, type Clock } from '../../ports/clock';
import type { Mail, Mailer, MailRecipient, SendResult } from '../../ports/mailer';

/** Marker items live in the read-model table under this partition (read-model tables never start with `$`). */
export const MAIL_MARKER_PK = '$mail';

export interface SesMailerOptions {
  readonly ses: SESv2Client;
  /** The verified sender identity (MARQUEE_MAIL_FROM). */
  readonly from: string;
  readonly dynamo: DynamoDBClient;
  /** The read-model table, which holds the per-message markers. */
  readonly markerTable: string;
  /** The recipient's address (in AWS: the user pool's `email` attribute). */
  readonly addressOf: (to: MailRecipient) => Promise<string>;
  readonly clock?: Clock;
  /** A claim older than this is taken to belong to a Lambda that died mid-send. */
  readonly leaseMs?: number;
}

interface Marker {
  pk: string;
  sk: string;
  state: 'sending' | 'sent';
  claimedAt: number;
  token: string;
  sesMessageId?: string;
}

/** Another invocation holds a fresh claim on this message: retry later (the task's Retry does). */
export class MailSendInProgress extends Error {
  override readonly name = 'MailSendInProgress';
}

const isConditionFailed = (e: unknown) => e instanceof Error && e.name === 'ConditionalCheckFailedException';

/**
 * The Mailer port on SES (v2 SendEmail, Simple content, UTF-8). The order stream's
 * ConfirmationSent is the real guard against a second confirmation; this adds one for a task
 * retried after it sent but before the order recorded it: a conditional marker per message id,
 * claimed before sending and marked sent after. A failed send releases the claim so the retry
 * sends; a claim left by a Lambda that died mid-send is taken over after the lease, which is the
 * one window where a duplicate remains possible (SES has no idempotency key of its own).
 */
export class SesMailer implements Mailer {
  private readonly doc: DynamoDBDocumentClient;
  private readonly clock: Clock;
  private readonly leaseMs: number;

  constructor(private readonly options: SesMailerOptions) {
    this.doc = DynamoDBDocumentClient.from(options.dynamo);
    this.clock = options.clock ?? systemClock;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
  }

  async send(mail: Mail): Promise<SendResult> {
    const token = await this.claim(mail.messageId);
    if (!token) return { messageId: mail.messageId, sent: false };
    let sesMessageId: string | undefined;
    try {
      const to = await this.options.addressOf(mail.to);
      const out = await this.options.ses.send(new SendEmailCommand(this.request(mail, to)));
      sesMessageId = out.MessageId;
    } catch (error) {
      await this.release(mail.messageId, token);
      throw error;
    }
    try {
      const sent: Marker = { ...this.key(mail.messageId), state: 'sent', claimedAt: this.clock.now().getTime(), token };
      await this.doc.send(new PutCommand({ TableName: this.options.markerTable, Item: { ...sent, sesMessageId } }));
    } catch (error) {
      // The mail went out; failing now would only invite a resend once the lease expires.
      console.error(`mail ${mail.messageId} sent but not marked`, error);
    }
    return { messageId: mail.messageId, sent: true };
  }

  /** The SendEmail input for one mail (exposed for request-shape tests). */
  request(mail: Mail, to: string) {
    return {
      FromEmailAddress: this.options.from,
      Destination: { ToAddresses: [to] },
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
        },
      },
    };
  }

  private key(messageId: string) {
    return { pk: MAIL_MARKER_PK, sk: messageId };
  }

  /** A claim token, or undefined when the message was already sent. */
  private async claim(messageId: string): Promise<string | undefined> {
    const now = this.clock.now().getTime();
    const token = randomUUID();
    const marker: Marker = { ...this.key(messageId), state: 'sending', claimedAt: now, token };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.markerTable,
          Item: marker,
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending', ':stale': now - this.leaseMs },
        }),
      );
      return token;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    const found = await this.doc.send(
      new GetCommand({ TableName: this.options.markerTable, Key: this.key(messageId), ConsistentRead: true }),
    );
    if ((found.Item as Marker | undefined)?.state === 'sent') return undefined;
    throw new MailSendInProgress(`mail ${messageId} is being sent by another invocation`);
  }

  private async release(messageId: string, token: string) {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.options.markerTable,
          Key: this.key(messageId),
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) console.error(`mail ${messageId}: claim not released`, error);
    }
  }
}

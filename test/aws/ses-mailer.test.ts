import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { HttpRequest } from '@smithy/protocol-http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cognitoAddresses } from '../../src/adapters/aws/cognito-addresses';
import { MAIL_MARKER_PK, MailSendInProgress, SesMailer } from '../../src/adapters/aws/ses-mailer';
import type { Mail } from '../../src/ports/mailer';
import { startDynalite, type LocalDynamo } from '../support/dynalite';

const mail: Mail = {
  messageId: 'order-o-1-confirmation@marquee',
  to: { customerId: 'sub-alice', name: 'alice' },
  subject: 'ご注文ありがとうございます / Order confirmed (o-1)',
  text: 'ご注文を承りました。注文番号: o-1\n  1 × 抹茶 (TEA-1)  1,200 JPY',
};

/** An SES client whose requests stop after signing: each is recorded, then answered or failed as scripted. */
function recordingSes(outcomes: ('ok' | 'reject')[] = []) {
  const requests: HttpRequest[] = [];
  const ses = new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  ses.middlewareStack.add(
    () => async (args) => {
      requests.push(args.request as HttpRequest);
      if (outcomes.shift() === 'reject') throw Object.assign(new Error('Email address is not verified'), { name: 'MessageRejected' });
      return { output: { MessageId: `ses-${requests.length}`, $metadata: {} }, response: {} };
    },
    { step: 'finalizeRequest', name: 'recordSend', priority: 'low' },
  );
  return { ses, requests, bodies: () => requests.map((r) => JSON.parse(r.body as string) as Record<string, unknown>) };
}

describe('SES mailer', () => {
  let dynamo: LocalDynamo;
  let table: string;
  let now: Date;
  const clock = { now: () => now };
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.close();
  });
  beforeEach(async () => {
    table = (await dynamo.createTables()).readModels;
    now = new Date('2026-11-25T12:00:00.000Z');
  });

  const mailer = (ses: SESv2Client) =>
    new SesMailer({
      ses,
      from: 'no-reply@shop.example',
      dynamo: dynamo.client,
      markerTable: table,
      addressOf: async (to) => `${to.name}@customers.example`,
      clock,
      leaseMs: 60_000,
    });
  const marker = async () =>
    (await DynamoDBDocumentClient.from(dynamo.client).send(new GetCommand({ TableName: table, Key: { pk: MAIL_MARKER_PK, sk: mail.messageId } })))
      .Item;

  it('sends one SendEmail: the sender identity, the customer, a UTF-8 subject and text body', async () => {
    const { ses, requests, bodies } = recordingSes();
    expect(await mailer(ses).send(mail)).toEqual({ messageId: mail.messageId, sent: true });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.method).toBe('POST');
    expect(requests[0]!.hostname).toBe('email.eu-west-1.amazonaws.com');
    expect(requests[0]!.path).toBe('/v2/email/outbound-emails');
    expect(requests[0]!.headers.authorization).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ses\/aws4_request/);
    expect(bodies()[0]).toEqual({
      FromEmailAddress: 'no-reply@shop.example',
      Destination: { ToAddresses: ['alice@customers.example'] },
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
        },
      },
    });
    expect(await marker()).toMatchObject({ state: 'sent', sesMessageId: 'ses-1' });
  });

  it('sends a message id once: a retried task (another container, same table) gets sent: false', async () => {
    const { ses, requests } = recordingSes();
    await mailer(ses).send(mail);
    expect(await mailer(ses).send(mail)).toEqual({ messageId: mail.messageId, sent: false });
    expect(requests).toHaveLength(1);
    await mailer(ses).send({ ...mail, messageId: 'order-o-2-confirmation@marquee' });
    expect(requests).toHaveLength(2);
  });

  it('releases the claim when SES fails, so the retry sends', async () => {
    const { ses, requests } = recordingSes(['reject']);
    await expect(mailer(ses).send(mail)).rejects.toThrow('not verified');
    expect(await marker()).toBeUndefined();
    expect(await mailer(ses).send(mail)).toEqual({ messageId: mail.messageId, sent: true });
    expect(requests).toHaveLength(2);
  });

  it('waits for a fresh claim held elsewhere, and takes over one older than the lease', async () => {
    const { ses, requests } = recordingSes();
    const claimedAt = now.getTime();
    await DynamoDBDocumentClient.from(dynamo.client).send(
      new PutCommand({ TableName: table, Item: { pk: MAIL_MARKER_PK, sk: mail.messageId, state: 'sending', claimedAt, token: 'other' } }),
    );
    await expect(mailer(ses).send(mail)).rejects.toBeInstanceOf(MailSendInProgress);
    expect(requests).toHaveLength(0);
    now = new Date(claimedAt + 61_000);
    expect(await mailer(ses).send(mail)).toEqual({ messageId: mail.messageId, sent: true });
    expect(requests).toHaveLength(1);
  });
});

describe('Cognito addresses', () => {
  it('asks AdminGetUser (SigV4, cognito-idp) for the customer by sub and returns the email attribute, once', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const addressOf = cognitoAddresses({
      userPoolId: 'eu-west-1_pool',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      fetch: async (url, init) => {
        calls.push({ url: String(url), init: init ?? {} });
        const UserAttributes = [
          { Name: 'sub', Value: 'sub-alice' },
          { Name: 'email', Value: 'alice@customers.example' },
        ];
        return new Response(JSON.stringify({ Username: 'sub-alice', UserAttributes }), { status: 200 });
      },
    });
    expect(await addressOf({ customerId: 'sub-alice', name: 'alice' })).toBe('alice@customers.example');
    expect(await addressOf({ customerId: 'sub-alice', name: 'alice' })).toBe('alice@customers.example');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.AdminGetUser');
    expect(headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(headers.authorization).toMatch(/\/eu-west-1\/cognito-idp\/aws4_request, SignedHeaders=.*x-amz-target/);
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ UserPoolId: 'eu-west-1_pool', Username: 'sub-alice' });
  });

  it('fails clearly for a user without an address, and asks again next time', async () => {
    let calls = 0;
    const addressOf = cognitoAddresses({
      userPoolId: 'p',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'A', secretAccessKey: 's' },
      fetch: async () => {
        calls++;
        return new Response(JSON.stringify({ UserAttributes: [] }), { status: 200 });
      },
    });
    await expect(addressOf({ customerId: 'sub-x', name: 'x' })).rejects.toThrow('has no email address');
    await expect(addressOf({ customerId: 'sub-x', name: 'x' })).rejects.toThrow('has no email address');
    expect(calls).toBe(2);
  });
});

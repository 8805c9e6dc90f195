import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LocalMailer } from '../../src/adapters/local/mail-local';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';

let dir: string;
let db: SqliteDb;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mail-'));
  db = openDatabase(join(dir, 'marquee.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const mail = { messageId: 'order-o1-confirmation@marquee', to: { customerId: 'c1', name: 'alice' }, subject: 'ご注文ありがとうございます', text: '注文番号: o1\nTotal: 2,400 JPY' };

it('writes one .eml per message id, also across restarts of the mailer', async () => {
  const first = new LocalMailer(db, join(dir, 'mail'));
  expect(await first.send(mail)).toEqual({ messageId: mail.messageId, sent: true });
  expect(await first.send(mail)).toEqual({ messageId: mail.messageId, sent: false });
  const restarted = new LocalMailer(db, join(dir, 'mail'));
  expect(await restarted.send(mail)).toEqual({ messageId: mail.messageId, sent: false });
  expect(readdirSync(join(dir, 'mail'))).toEqual(['order-o1-confirmation_marquee.eml']);
  expect(restarted.sent()).toMatchObject([{ messageId: mail.messageId, recipient: 'alice@localhost' }]);
});

it('is a readable RFC 5322 message: encoded Japanese subject, UTF-8 body', async () => {
  await new LocalMailer(db, join(dir, 'mail')).send(mail);
  const eml = readFileSync(join(dir, 'mail', 'order-o1-confirmation_marquee.eml'), 'utf8');
  const [head, body] = eml.split('\r\n\r\n');
  expect(head).toContain('Message-ID: <order-o1-confirmation@marquee>');
  expect(head).toContain(`Subject: =?UTF-8?B?${Buffer.from(mail.subject).toString('base64')}?=`);
  expect(head).toContain('To: alice <alice@localhost>');
  expect(Buffer.from(body!.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe(mail.text);
});

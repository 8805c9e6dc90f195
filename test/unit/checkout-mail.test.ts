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

it('keeps one message per message id, also across restarts of the mailer', async () => {
  const first = new LocalMailer(db);
  expect(await first.send(mail)).toEqual({ messageId: mail.messageId, sent: true });
  expect(await first.send(mail)).toEqual({ messageId: mail.messageId, sent: false });
  const restarted = new LocalMailer(db);
  expect(await restarted.send(mail)).toEqual({ messageId: mail.messageId, sent: false });
  expect(restarted.sent()).toMatchObject([{ messageId: mail.messageId, recipient: 'alice@localhost', file: 'order-o1-confirmation_marquee.eml' }]);
});

it('keeps a readable RFC 5322 message: encoded Japanese subject, UTF-8 body', async () => {
  const mailer = new LocalMailer(db);
  await mailer.send(mail);
  const [head, body] = mailer.eml(mail.messageId)!.split('\r\n\r\n');
  expect(head).toContain('Message-ID: <order-o1-confirmation@marquee>');
  expect(head).toContain(`Subject: =?UTF-8?B?${Buffer.from(mail.subject).toString('base64')}?=`);
  expect(head).toContain('To: alice <alice@localhost>');
  expect(Buffer.from(body!.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe(mail.text);
  expect(mailer.eml('order-unknown@marquee')).toBeUndefined();
});

it('exports each message once as <message id>.eml', async () => {
  const mailer = new LocalMailer(db);
  await mailer.send(mail);
  const out = join(dir, 'mail');
  expect(mailer.exportTo(out)).toBe(1);
  expect(readdirSync(out)).toEqual(['order-o1-confirmation_marquee.eml']);
  expect(readFileSync(join(out, 'order-o1-confirmation_marquee.eml'), 'utf8')).toBe(mailer.eml(mail.messageId));
  await mailer.send({ ...mail, messageId: 'order-o2-confirmation@marquee' });
  expect(mailer.exportTo(out)).toBe(1);
  expect(readdirSync(out).sort()).toEqual(['order-o1-confirmation_marquee.eml', 'order-o2-confirmation_marquee.eml']);
});

it('takes over a table from before messages were kept in it', async () => {
  db.exec(`CREATE TABLE mail_sent (message_id TEXT PRIMARY KEY, recipient TEXT NOT NULL, subject TEXT NOT NULL, file TEXT NOT NULL, sent_at TEXT NOT NULL)`);
  db.prepare(`INSERT INTO mail_sent VALUES ('old@marquee', 'bob@localhost', 'Old', '/old/old_marquee.eml', '2026-01-01T00:00:00.000Z')`).run();
  const mailer = new LocalMailer(db);
  expect(await mailer.send(mail)).toEqual({ messageId: mail.messageId, sent: true });
  expect(await mailer.send({ ...mail, messageId: 'old@marquee' })).toEqual({ messageId: 'old@marquee', sent: false });
  expect(mailer.eml('old@marquee')).toBeUndefined();
  expect(mailer.exportTo(join(dir, 'mail'))).toBe(1);
});

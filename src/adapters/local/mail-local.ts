import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../ports/clock';
import type { Mail, Mailer, SendResult } from '../../ports/mailer';
import type { SqliteDb } from './sqlite';
import { toEml } from './mail-eml';
import { backgroundFileWriter, type BackgroundFileWriter } from './file-writer';
import { groupCommit } from './group-commit';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS mail_sent (
  message_id TEXT PRIMARY KEY,
  recipient  TEXT NOT NULL,
  subject    TEXT NOT NULL,
  file       TEXT NOT NULL,
  sent_at    TEXT NOT NULL
);`;

export interface SentMail {
  readonly messageId: string;
  readonly recipient: string;
  readonly subject: string;
  readonly file: string;
  readonly sentAt: string;
}

/**
 * The embedded runtime's outbox: each mail becomes `<dir>/<message id>.eml` (open it in any mail
 * client), written on the background file writer's thread, and then a row in the shared SQLite file. The file name is derived from the message id and
 * the row is keyed by it, so a repeated send — after a crash, or a task run twice — delivers once.
 */
export class LocalMailer implements Mailer {
  private readonly insert;
  private readonly exists;

  constructor(
    private readonly db: SqliteDb,
    private readonly dir: string,
    private readonly clock: Clock = systemClock,
    private readonly domain = 'localhost',
    private readonly files: BackgroundFileWriter = backgroundFileWriter(),
  ) {
    db.exec(SCHEMA);
    mkdirSync(dir, { recursive: true });
    this.insert = db.prepare(
      `INSERT INTO mail_sent (message_id, recipient, subject, file, sent_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.exists = db.prepare(`SELECT 1 FROM mail_sent WHERE message_id = ?`).pluck();
  }

  async send(mail: Mail): Promise<SendResult> {
    if (this.exists.get(mail.messageId)) return { messageId: mail.messageId, sent: false };
    const at = this.clock.now();
    const recipient = `${localPart(mail.to.name || mail.to.customerId)}@${this.domain}`;
    const file = join(this.dir, `${fileSafe(mail.messageId)}.eml`);
    // Written off the event loop, before the row: a crash before the row leaves at most a partial
    // file, which the next send of this message (the task run again on resume) writes again whole.
    await this.files.write(file, toEml(mail, recipient, `shop@${this.domain}`, at));
    const inserted = await groupCommit(this.db).write(
      () => this.insert.run(mail.messageId, recipient, mail.subject, file, at.toISOString()).changes === 1,
    );
    return { messageId: mail.messageId, sent: inserted };
  }

  /** What was sent (newest last), for tests and tools. */
  sent(): SentMail[] {
    return this.db
      .prepare(`SELECT message_id AS messageId, recipient, subject, file, sent_at AS sentAt FROM mail_sent ORDER BY rowid`)
      .all() as SentMail[];
  }
}

const localPart = (name: string) => name.toLowerCase().replace(/[^a-z0-9._-]/g, '_').slice(0, 64) || 'customer';
const fileSafe = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_');

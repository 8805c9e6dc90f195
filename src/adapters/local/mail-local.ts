import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../ports/clock';
import type { Mail, Mailer, SendResult } from '../../ports/mailer';
import type { SqliteDb } from './sqlite';
import { toEml } from './mail-eml';
import { groupCommit } from './group-commit';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS mail_sent (
  message_id TEXT PRIMARY KEY,
  recipient  TEXT NOT NULL,
  subject    TEXT NOT NULL,
  file       TEXT NOT NULL,
  sent_at    TEXT NOT NULL,
  eml        TEXT
);`;

export interface SentMail {
  readonly messageId: string;
  readonly recipient: string;
  readonly subject: string;
  /** Its .eml file's name in the export folder (mails from before they were kept in the row: the path written). */
  readonly file: string;
  readonly sentAt: string;
}

/**
 * The embedded runtime's outbox: each mail is a row of the shared SQLite file holding the whole
 * RFC 5322 message, committed with the turn's other writes. The row is keyed by the message id, so
 * a repeated send — after a crash, or a task run twice — delivers once, and a crash cannot leave a
 * mail half sent. `exportTo(dir)` (`npm run mail`) writes each as `<message id>.eml` for any mail
 * client. Rows from before the message was kept in the row have no `eml`: their file was written
 * when they were sent.
 *
 * Why not a file per mail as it is sent: creating a small file cost 0.13-0.5 ms of system time here
 * whenever the disk had recently deleted many files (as every test and benchmark run does), so the
 * thread that wrote them took 0.25-0.35 ms of CPU per checkout beside the event loop's 1 ms.
 */
export class LocalMailer implements Mailer {
  private readonly insert;
  private readonly exists;

  constructor(
    private readonly db: SqliteDb,
    private readonly clock: Clock = systemClock,
    private readonly domain = 'localhost',
  ) {
    db.exec(SCHEMA);
    const columns = db.prepare(`SELECT name FROM pragma_table_info('mail_sent')`).pluck().all() as string[];
    if (!columns.includes('eml')) db.exec('ALTER TABLE mail_sent ADD COLUMN eml TEXT');
    this.insert = db.prepare(
      `INSERT INTO mail_sent (message_id, recipient, subject, file, sent_at, eml) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.exists = db.prepare(`SELECT 1 FROM mail_sent WHERE message_id = ?`).pluck();
  }

  async send(mail: Mail): Promise<SendResult> {
    if (this.exists.get(mail.messageId)) return { messageId: mail.messageId, sent: false };
    const at = this.clock.now();
    const recipient = `${localPart(mail.to.name || mail.to.customerId)}@${this.domain}`;
    const eml = toEml(mail, recipient, `shop@${this.domain}`, at);
    const inserted = await groupCommit(this.db).write(
      () => this.insert.run(mail.messageId, recipient, mail.subject, emlFileName(mail.messageId), at.toISOString(), eml).changes === 1,
    );
    return { messageId: mail.messageId, sent: inserted };
  }

  /** What was sent (newest last), for tests and tools. */
  sent(): SentMail[] {
    return this.db
      .prepare(`SELECT message_id AS messageId, recipient, subject, file, sent_at AS sentAt FROM mail_sent ORDER BY rowid`)
      .all() as SentMail[];
  }

  /** The whole message as a mail client reads it, if it was sent and kept. */
  eml(messageId: string): string | undefined {
    return (this.db.prepare(`SELECT eml FROM mail_sent WHERE message_id = ?`).pluck().get(messageId) as string | null) ?? undefined;
  }

  /** Writes each kept message not yet in `dir` as `<dir>/<message id>.eml`; returns how many it wrote. */
  exportTo(dir: string): number {
    mkdirSync(dir, { recursive: true });
    let written = 0;
    const kept = this.db.prepare(`SELECT file, eml FROM mail_sent WHERE eml IS NOT NULL ORDER BY rowid`).iterate() as Iterable<{ file: string; eml: string }>;
    for (const { file, eml } of kept) {
      const path = join(dir, file);
      if (existsSync(path)) continue;
      writeFileSync(path, eml);
      written++;
    }
    return written;
  }
}

const localPart = (name: string) => name.toLowerCase().replace(/[^a-z0-9._-]/g, '_').slice(0, 64) || 'customer';
/** A file name from the message id: letters, digits and `._-` kept, the rest `_`. */
const emlFileName = (messageId: string) => `${messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;

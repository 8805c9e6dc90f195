import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { LocalMailer } from '../adapters/local/mail-local';
import { openDatabase } from '../adapters/local/sqlite';
import { configFromEnv } from './config';

// `npm run mail`: writes the mails the embedded runtime has sent as .eml files in <data dir>/mail
// (those not there yet; open them in any mail client) and lists the latest. Safe while the server runs.
const LATEST = 10;
const config = configFromEnv();
const file = join(config.dataDir, 'marquee.db');
if (!existsSync(file)) {
  console.error(`no ${file}: nothing has been sent from this data directory (MARQUEE_DATA_DIR)`);
  process.exit(1);
}
const db = openDatabase(file);
try {
  const mailer = new LocalMailer(db);
  const dir = join(config.dataDir, 'mail');
  const written = mailer.exportTo(dir);
  const sent = mailer.sent();
  console.log(`${sent.length} mail(s) sent; ${written} new .eml file(s) in ${relative(process.cwd(), dir) || dir}`);
  for (const mail of sent.slice(-LATEST)) {
    // Mails from before they were kept in the row name the file they were written to.
    const path = isAbsolute(mail.file) ? mail.file : join(dir, mail.file);
    console.log(`${mail.sentAt}  ${mail.recipient}  ${mail.subject}  ${path}`);
  }
} finally {
  db.close();
}

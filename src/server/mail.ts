import { join, relative } from 'node:path';
import { LocalMailer } from '../adapters/local/mail-local';
import { openDatabase } from '../adapters/local/sqlite';
import { configFromEnv } from './config';

// `npm run mail`: writes the mails the embedded runtime has sent as .eml files in <data dir>/mail
// (those not there yet; open them in any mail client) and lists the latest. Safe while the server runs.
const LATEST = 10;
const config = configFromEnv();
const db = openDatabase(join(config.dataDir, 'marquee.db'));
try {
  const mailer = new LocalMailer(db);
  const dir = join(config.dataDir, 'mail');
  const written = mailer.exportTo(dir);
  const sent = mailer.sent();
  console.log(`${sent.length} mail(s) sent; ${written} new .eml file(s) in ${relative(process.cwd(), dir) || dir}`);
  for (const mail of sent.slice(-LATEST)) console.log(`${mail.sentAt}  ${mail.recipient}  ${mail.subject}  ${join(dir, mail.file)}`);
} finally {
  db.close();
}

import { allProjections } from '../app/projections';
import { Projector } from '../app/projector';
import { SqliteEventStore } from '../adapters/local/sqlite-event-store';
import { SqliteReadStore } from '../adapters/local/sqlite-read-store';
import { configFromEnv } from './config';
import { openDataFiles } from './data-files';

// `npm run rebuild`: drops every read model and replays the event log into them.
// Run it with the server stopped (or start the server with MARQUEE_REBUILD=1).
const config = configFromEnv();
const { db, readDb } = openDataFiles(config.dataDir);
const events = new SqliteEventStore(db);
const projector = new Projector(events, new SqliteReadStore(readDb), { publish: async () => {} }, allProjections);
const started = Date.now();
await projector.rebuild();
const head = (await events.readAll(0, Number.MAX_SAFE_INTEGER)).length;
console.log(`rebuilt ${allProjections.length} projection(s) from ${head} events in ${Date.now() - started} ms`);
db.close();
readDb.close();

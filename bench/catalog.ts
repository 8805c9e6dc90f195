/**
 * Catalog benchmark: raw appends on the embedded store (one after another on one stream and on
 * many; and 32 at once), projection lag (append -> read model written by the projector thread and
 * reported back), and the `products` query over HTTP at 32 concurrent clients against the real server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandHandler } from '../src/app/command-handler';
import { openDatabase } from '../src/adapters/local/sqlite';
import { SqliteEventStore } from '../src/adapters/local/sqlite-event-store';
import { inventoryDecider, inventoryStream } from '../src/domain/inventory';
import { productDecider, productStream } from '../src/domain/product';
import { systemClock } from '../src/ports/clock';
import { configFromEnv } from '../src/server/config';
import { startLocal } from '../src/server/compose';
import { ProjectorThread } from '../src/server/projector-thread';
import { machine, percentiles, writeReport } from './stats';

const APPENDS = 20_000;
const LAG_COMMANDS = 3_000;
const QUERY_CLIENTS = 32;
const QUERIES = 6_000;

async function appendRates(dir: string) {
  const db = openDatabase(join(dir, 'appends.db'));
  const store = new SqliteEventStore(db);
  const meta = { at: new Date().toISOString() };
  let t = performance.now();
  for (let v = 0; v < APPENDS; v++)
    await store.append('bench-one', v, [{ type: 'Ticked', data: { n: v } }], meta);
  const oneStream = APPENDS / ((performance.now() - t) / 1000);
  const streams = 1000;
  t = performance.now();
  for (let i = 0; i < APPENDS; i++)
    await store.append(`bench-many-${i % streams}`, Math.floor(i / streams), [{ type: 'Ticked', data: { n: i } }], meta);
  const manyStreams = APPENDS / ((performance.now() - t) / 1000);
  // 32 appenders at once on their own streams: what one commit per turn of the event loop is for.
  const inFlight = 32;
  let next = 0;
  t = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async (_, w) => {
      for (let v = 0; next < APPENDS; v++, next++) await store.append(`bench-concurrent-${w}`, v, [{ type: 'Ticked', data: { n: v } }], meta);
    }),
  );
  const concurrent = APPENDS / ((performance.now() - t) / 1000);
  db.close();
  return { oneStream: Math.round(oneStream), manyStreams: Math.round(manyStreams), concurrent: Math.round(concurrent), inFlight, appends: APPENDS, streams };
}

async function projectionLag(dir: string) {
  const eventsFile = join(dir, 'lag.db');
  const db = openDatabase(eventsFile);
  const events = new SqliteEventStore(db);
  const projector = await ProjectorThread.start({
    eventsFile,
    readModelsFile: join(dir, 'lag-readmodels.db'),
    publisher: { publish: async () => {} },
    demand: { publishMutations: [], wants: () => false, onDemand: () => {} },
    onAppended: (wake) => events.onAppended(wake),
  });
  const commands = new CommandHandler(events, systemClock);
  const skus = Array.from({ length: 50 }, (_, i) => `LAG-${i}`);
  for (const sku of skus) {
    const details = { title: sku, description: '', price: { amount: 100, currency: 'JPY' }, category: 'x', kind: 'PHYSICAL' as const, images: [], grantsVideoIds: [] };
    await commands.handle(productDecider, productStream(sku), { type: 'CreateProduct', sku, details });
  }
  const lags: number[] = [];
  const started = performance.now();
  // 8 writers at once, like a busy CMS + checkout mix; lag = append done -> row written.
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let i = w; i < LAG_COMMANDS; i += 8) {
        const out = await commands.handle(inventoryDecider, inventoryStream(skus[i % skus.length]!), { type: 'AdjustStock', delta: 1, reason: 'bench' });
        const appended = performance.now();
        await projector.settled(out.position);
        lags.push(performance.now() - appended);
      }
    }),
  );
  const commandsPerSecond = LAG_COMMANDS / ((performance.now() - started) / 1000);
  await projector.stop();
  db.close();
  return { ...percentiles(lags), commandsPerSecond: Math.round(commandsPerSecond) };
}

async function productsQuery(dir: string) {
  const runtime = await startLocal(configFromEnv({ PORT: '0', MARQUEE_DATA_DIR: join(dir, 'server'), MARQUEE_SEED_VIDEOS: 'off' }));
  const body = JSON.stringify({
    query: 'query { products(limit: 24, sort: PRICE_ASC) { total nextToken items { id title price { amount currency } available published } } }',
  });
  const call = async () => {
    const t = performance.now();
    const res = await fetch(`${runtime.url}/graphql`, { method: 'POST', headers: { 'x-api-key': runtime.apiKey, 'content-type': 'application/json' }, body });
    const json = (await res.json()) as { data?: { products?: { total: number } } };
    if (!json.data?.products?.total) throw new Error(`bad response ${JSON.stringify(json)}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 200; i++) await call(); // warm-up
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: QUERY_CLIENTS }, async () => {
      while (issued++ < QUERIES) latencies.push(await call());
    }),
  );
  const qps = QUERIES / ((performance.now() - started) / 1000);
  await runtime.close();
  return { clients: QUERY_CLIENTS, queries: QUERIES, perSecond: Math.round(qps), latencyMs: percentiles(latencies) };
}

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'marquee-bench-catalog-'));
  try {
    const appends = await appendRates(dir);
    const lag = await projectionLag(dir);
    const query = await productsQuery(dir);
    const report = { machine: machine(), appendsPerSecond: appends, projectionLagMs: lag, productsQuery: query };
    writeReport(
      'catalog',
      report,
      `# Catalog benchmark (${report.machine.at})

Embedded store (SQLite WAL; events in marquee.db, read models in their own file written by the projector thread), ${report.machine.cpus} cores, Node ${report.machine.node}, load at end ${report.machine.loadavgAtEnd.join(' ')}.
An append resolves once the turn's transaction has committed, so appends made one after another wait a turn each; appends made at once share a commit.

| measure | result |
|---|---|
| appends/s, one stream (sequential, 1 event each) | ${appends.oneStream} |
| appends/s, ${appends.streams} streams round-robin | ${appends.manyStreams} |
| appends/s, ${appends.inFlight} appenders at once | ${appends.concurrent} |
| projection lag p50 / p99 (append → products row written and reported by the projector thread), 8 writers | ${lag.p50} ms / ${lag.p99} ms (${lag.commandsPerSecond} commands/s) |
| \`products\` over HTTP, ${query.clients} clients: p50 / p99 | ${query.latencyMs.p50} ms / ${query.latencyMs.p99} ms (${query.perSecond} queries/s) |
`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

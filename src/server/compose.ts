import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { CommandHandler } from '../app/command-handler';
import { Catalog } from '../app/catalog/catalog';
import { CatalogImport } from '../app/catalog/import-catalog';
import { CheckpointedReactor } from '../app/fulfilment/checkpointed-reactor';
import { Fulfilment } from '../app/fulfilment/fulfilment';
import { shipmentIdForOrder } from '../app/fulfilment/shipment-id';
import { fulfilmentReactors } from '../app/fulfilment/fulfilment-reactors';
import type { Services } from '../app/services';
import { withVideoPresentation } from '../app/vod/video-push';
import { resolvers, subscribeChecks, subscriptionGuards } from '../api/resolvers';
import { AslWorkflows } from '../adapters/local/asl-engine';
import { groupCommit } from '../adapters/local/group-commit';
import type { SqliteDb } from '../adapters/local/sqlite';
import { SqliteEventStore } from '../adapters/local/sqlite-event-store';
import { SqliteReadStore } from '../adapters/local/sqlite-read-store';
import { SqliteCheckpoints } from '../adapters/local/sqlite-checkpoints';
import { SqliteWebhookOutbox } from '../adapters/local/webhook-outbox';
import { WalCheckpointer } from '../adapters/local/wal-checkpointer';
import { systemClock } from '../ports/clock';
import { amplifyOutputs, stripeOutputs } from './amplify-outputs';
import { authenticate, type Credentials } from './authenticate';
import type { ServerConfig } from './config';
import { GraphQLExecutor } from './graphql-executor';
import { createHttpServer } from './http-server';
import { RealtimeServer } from './realtime';
import { loadSchema } from './schema';
import { loadOrCreateSecrets } from './secrets';
import { seedDemo } from './seed';
import { seedDemoVideos } from './seed-videos';
import { serveStatic } from './static-files';
import { SubscriptionHub } from './subscription-hub';
import { TokenIssuer } from './token-issuer';
import { warehouseWebhookRoute } from './routes/warehouse-webhook';
import { createLocalVod } from './vod-local';
import { createLocalCheckout } from './checkout-local';
import { openDataFiles } from './data-files';
import { ProjectorThread } from './projector-thread';

export interface LocalRuntime {
  readonly url: string;
  readonly apiKey: string;
  readonly services: Services;
  readonly issuer: TokenIssuer;
  /** The event log, workflows, outboxes and the offline gateway. */
  readonly db: SqliteDb;
  /** The read models (written by the projector thread only). */
  readonly readDb: SqliteDb;
  readonly server: Server;
  /** The live subscription hub (benchmarks and tests may listen in process). */
  readonly hub: SubscriptionHub;
  readonly workflows: AslWorkflows;
  close(): Promise<void>;
}

/** The embedded runtime: every port on its local adapter, served AppSync-style on one port. */
export async function startLocal(config: ServerConfig): Promise<LocalRuntime> {
  const secrets = await loadOrCreateSecrets(ensureDir(config.dataDir));
  const { eventsFile, db, readModelsFile, readDb } = openDataFiles(config.dataDir);
  const checkpointer = WalCheckpointer.start(db);
  const events = new SqliteEventStore(db);
  const read = new SqliteReadStore(readDb);
  const loaded = loadSchema();
  const hub = new SubscriptionHub(loaded, subscriptionGuards);
  // Video pushes get their signed poster URL on the way out (see withVideoPresentation).
  const publisher = withVideoPresentation(hub, { present: (view, drafts) => vod.videos.present(view, drafts) });
  const commands = new CommandHandler(events, systemClock);
  let projector: ProjectorThread | undefined;
  const settled = (position: number) => projector!.settled(position);
  const vod = createLocalVod({
    dataDir: config.dataDir,
    commands,
    read,
    settled,
    clock: systemClock,
    uploadSecret: secrets.uploadSecret,
    mediaSecret: secrets.mediaSecret,
    transcodeConcurrency: config.transcodeConcurrency,
    baseUrl: () => baseUrl,
  });
  const warehouseSecret = config.warehouseWebhookSecret ?? secrets.warehouseSecret;
  const warehouseOutbox = config.warehouseWebhookUrl
    ? new SqliteWebhookOutbox(db, {
        secret: warehouseSecret,
        ...(config.warehouseWebhookRetry ? { retry: config.warehouseWebhookRetry } : {}),
        onError: (error) => console.error('warehouse webhook outbox', error),
        onDeadLetter: (d) => console.warn(`warehouse webhook ${d.id} is a dead letter after ${d.attempts} attempts: ${d.lastError}`),
      })
    : undefined;
  const fulfilment = new Fulfilment({
    commands,
    read,
    settled,
    shipmentIdForOrder,
    ...(warehouseOutbox ? { outbox: warehouseOutbox } : {}),
  });
  const reactors = fulfilmentReactors({
    commands,
    shipmentIdForOrder,
    ...(warehouseOutbox && config.warehouseWebhookUrl ? { warehouse: { outbox: warehouseOutbox, url: config.warehouseWebhookUrl } } : {}),
  }).map((reactor) => new CheckpointedReactor(events, new SqliteCheckpoints(db), reactor));
  const checkout = createLocalCheckout({
    config,
    db,
    events,
    commands,
    read,
    settled,
    shipmentIdForOrder,
    workflows: () => workflows,
  });
  const catalog = new Catalog({ commands, read, settled });
  const services: Services = {
    catalog,
    catalogImport: new CatalogImport({ catalog, commands, settled, blobs: vod.blobs, clock: systemClock }),
    checkout: checkout.checkout,
    orders: checkout.orders,
    fulfilment,
    videos: vod.videos,
  };
  // One engine for every state machine (executions share one namespace and one SQLite file).
  const workflows = new AslWorkflows({
    db,
    machines: { ...vod.machines, ...checkout.machines },
    tasks: { ...vod.tasks, ...checkout.tasks },
  });
  vod.connect(workflows);

  const issuer = new TokenIssuer(secrets.signingKey);
  const auth = (creds: Credentials) => authenticate(creds, issuer, secrets.apiKey);
  const executor = new GraphQLExecutor(loaded, resolvers, services);
  const realtime = new RealtimeServer(loaded, executor, hub, subscribeChecks, auth);
  let ready = false;
  let baseUrl = '';
  const server = createHttpServer({
    executor,
    realtime,
    issuer,
    authenticate: auth,
    outputs: () => amplifyOutputs(baseUrl, secrets.apiKey, config.localAuth, stripeOutputs(config)),
    localAuth: config.localAuth,
    isReady: () => ready,
    routes: [warehouseWebhookRoute({ fulfilment, secret: warehouseSecret, clock: systemClock }), ...vod.routes, ...checkout.routes],
    fallback: serveStatic(config.webDir),
  });

  projector = await ProjectorThread.start({
    eventsFile,
    readModelsFile,
    rebuild: config.rebuild,
    publisher,
    demand: hub,
    onAppended: (wake) => events.onAppended(wake),
  });
  for (const reactor of reactors) await reactor.start();
  warehouseOutbox?.start();
  await workflows.resumeUnfinished();
  // Orders placed just before a crash, whose execution never started: swept once the orders read model has caught up.
  const logHead = (db.prepare('SELECT MAX(position) AS head FROM es_events').get() as { head: number | null }).head ?? 0;
  void projector
    .settled(logHead)
    .then(() => checkout.checkout.startMissingExecutions())
    .catch((error: unknown) => console.error('checkout: could not start the executions of placed orders', error));
  if (config.seedDemo) await seedDemo(services);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${port}`;
  ready = true;
  if (config.seedVideos)
    seedDemoVideos(services, (line) => console.log(line)).catch((error: unknown) => {
      if (ready) console.error('demo videos could not be seeded', error);
    });

  return {
    url: baseUrl,
    apiKey: secrets.apiKey,
    services,
    issuer,
    db,
    readDb,
    server,
    hub,
    workflows,
    async close() {
      ready = false;
      realtime.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await warehouseOutbox?.stop();
      for (const reactor of reactors) await reactor.stop();
      await workflows.close();
      vod.transcoder.close();
      await projector?.stop();
      await events.close();
      groupCommit(db).flush();
      await checkpointer.stop();
      db.close();
      readDb.close();
    },
  };
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import dynalite from 'dynalite';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  defaultTableNames,
  eventsTableInput,
  readModelsTableInput,
  type DynamoTableNames,
} from '../../src/adapters/aws/dynamo-tables';

export interface LocalDynamo {
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  /** The default tables, created at start. */
  readonly tables: DynamoTableNames;
  /** Creates another, empty set of tables (a fresh store for one test). */
  createTables(): Promise<DynamoTableNames>;
  close(): Promise<void>;
}

/** Starts an in-memory dynalite on a free loopback port and creates Marquee's tables in it. */
export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  const create = async (names: DynamoTableNames) => {
    await client.send(new CreateTableCommand(eventsTableInput(names.events)));
    await client.send(new CreateTableCommand(readModelsTableInput(names.readModels)));
    return names;
  };
  const tables = await create(defaultTableNames);

  return {
    client,
    endpoint,
    tables,
    createTables: () => {
      const suffix = randomUUID().slice(0, 8);
      return create({ events: `events-${suffix}`, readModels: `read-models-${suffix}` });
    },
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

import { describe, expect, it } from 'vitest';
import { lambdaResolverCode, publishResolverCode } from '../../amplify/data/resolver-code';
import { subscriptionFilterCode } from '../../amplify/data/subscription-filters';

/** AppSync's util as far as the resolver code uses it: errors are thrown, filters recorded. */
class AppSyncError extends Error {
  constructor(
    message: string,
    readonly errorType?: string,
    readonly data?: unknown,
    readonly errorInfo?: unknown,
  ) {
    super(message);
  }
}
const util = {
  error: (message: string, errorType?: string, data?: unknown, errorInfo?: unknown) => {
    throw new AppSyncError(message, errorType, data, errorInfo);
  },
  unauthorized: () => {
    throw new AppSyncError('Unauthorized', 'Unauthorized');
  },
  transform: { toSubscriptionFilter: (filter: unknown) => ({ converted: filter }) },
};
let filters: unknown[] = [];
const extensions = { setSubscriptionFilter: (f: unknown) => void filters.push(f) };

type Handler = (ctx: Record<string, unknown>) => unknown;
/** Loads resolver code as a module, with `@aws-appsync/utils` bound to the stand-ins above. */
async function load(code: string): Promise<{ request: Handler; response: Handler }> {
  (globalThis as Record<string, unknown>).__appsync = { util, extensions };
  const source = code.replace(
    /import \{([^}]+)\} from '@aws-appsync\/utils';/,
    (_, names: string) => `const {${names}} = globalThis.__appsync;`,
  );
  return (await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`)) as never;
}

const staff = { sub: 's1', username: 'sam', groups: ['STAFF'], claims: {} };
const shopper = { sub: 'c1', username: 'alice', groups: null, claims: { 'cognito:groups': [] } };

describe('APPSYNC_JS resolver code', () => {
  it('invokes the resolver Lambda with the field, arguments and identity', async () => {
    const { request } = await load(lambdaResolverCode);
    const ctx = { arguments: { id: 'p1' }, identity: staff, source: null, info: { parentTypeName: 'Query', fieldName: 'product' } };
    expect(request(ctx)).toEqual({
      operation: 'Invoke',
      payload: { arguments: { id: 'p1' }, identity: staff, source: null, info: { parentTypeName: 'Query', fieldName: 'product' } },
    });
    expect((request({ ...ctx, identity: undefined }) as { payload: { identity: unknown } }).payload.identity).toBeNull();
  });

  it('raises the Lambda envelope error with its errorType, or returns the data', async () => {
    const { response } = await load(lambdaResolverCode);
    expect(response({ result: { data: { id: 'p1' } } })).toEqual({ id: 'p1' });
    expect(response({ result: { data: null } })).toBeNull();
    expect(() => response({ result: { error: { errorType: 'OutOfStock', message: 'only 2 left', errorInfo: { sku: 'X' } } } })).toThrow(
      expect.objectContaining({ message: 'only 2 left', errorType: 'OutOfStock', errorInfo: { sku: 'X' } }),
    );
    expect(() => response({ error: { message: 'Lambda timed out', type: 'Lambda:Unhandled' } })).toThrow(
      expect.objectContaining({ errorType: 'Lambda:Unhandled' }),
    );
  });

  it('echoes the AWSJSON payload of a publish mutation', async () => {
    const { request, response } = await load(publishResolverCode);
    expect(request({ arguments: { data: '{"id":"p1","published":true}' } })).toEqual({ payload: { id: 'p1', published: true } });
    expect(response({ result: { id: 'p1' } })).toEqual({ id: 'p1' });
  });

  it('filters onProductUpdated to shopper-visible changes for everyone but STAFF, keeping argument filters', async () => {
    const { response } = await load(subscriptionFilterCode.onProductUpdated!);
    filters = [];
    response({ arguments: { id: 'p1' }, identity: null });
    response({ arguments: {}, identity: shopper });
    response({ arguments: { id: 'p1' }, identity: staff });
    response({ arguments: {}, identity: staff });
    expect(filters).toEqual([
      { converted: { id: { eq: 'p1' }, shopperVisible: { eq: true } } },
      { converted: { shopperVisible: { eq: true } } },
      { converted: { id: { eq: 'p1' } } },
    ]);
  });

  it('limits onOrderUpdated to the caller own orders unless STAFF', async () => {
    const { response } = await load(subscriptionFilterCode.onOrderUpdated!);
    filters = [];
    response({ arguments: {}, identity: shopper });
    response({ arguments: { customerId: 'c1' }, identity: shopper });
    response({ arguments: { customerId: 'someone' }, identity: staff });
    expect(filters).toEqual([
      { converted: { customerId: { eq: 'c1' } } },
      { converted: { customerId: { eq: 'c1' } } },
      { converted: { customerId: { eq: 'someone' } } },
    ]);
    expect(() => response({ arguments: { customerId: 'someone' }, identity: shopper })).toThrow('Unauthorized');
  });

  it('lets only WAREHOUSE and STAFF subscribe to onShipmentUpdated', async () => {
    const { response } = await load(subscriptionFilterCode.onShipmentUpdated!);
    expect(() => response({ arguments: {}, identity: shopper })).toThrow('Unauthorized');
    expect(response({ arguments: {}, identity: { sub: 'w', groups: ['WAREHOUSE'] } })).toBeNull();
  });
});

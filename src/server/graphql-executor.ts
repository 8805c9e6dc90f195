import {
  defaultFieldResolver,
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type OperationDefinitionNode,
} from 'graphql';
import { DomainError, type ErrorType } from '../domain/errors';
import type { Identity } from '../api/identity';
import { toApiError } from '../api/errors';
import type { ResolverMap } from '../api/resolvers/types';
import type { Services } from '../app/services';
import { modeOf } from './authenticate';
import type { LoadedSchema } from './schema';

export interface GraphQLRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown> | null;
  readonly operationName?: string | null;
}

/** An error in AppSync's response shape: errorType beside the message, not in extensions. */
export interface AppSyncError {
  readonly message: string;
  readonly errorType: ErrorType;
  readonly path?: readonly (string | number)[];
  readonly locations?: readonly { line: number; column: number }[];
  readonly errorInfo?: Record<string, unknown> | null;
  readonly data: null;
}

export interface AppSyncResponse {
  readonly data: Record<string, unknown> | null;
  readonly errors?: AppSyncError[];
}

interface ExecContext {
  readonly identity: Identity;
}

export interface PreparedOperation {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly rootFields: readonly string[];
}

const requestError = (errorType: ErrorType, message: string): AppSyncResponse => ({
  data: null,
  errors: [{ message, errorType, data: null }],
});

/** Executes schema.graphql with the shared resolver map, enforcing AppSync's per-field auth modes. */
export class GraphQLExecutor {
  private readonly cache = new Map<string, DocumentNode>();

  constructor(
    private readonly loaded: LoadedSchema,
    private readonly resolvers: ResolverMap,
    private readonly services: Services,
  ) {}

  /** Parses, validates and checks auth modes; throws DomainError for a bad or forbidden request. */
  prepare(req: GraphQLRequest, identity: Identity): PreparedOperation {
    if (typeof req.query !== 'string' || !req.query.trim())
      throw new DomainError('ValidationError', 'the request has no query');
    let document = this.cache.get(req.query);
    if (!document) {
      try {
        document = parse(req.query);
      } catch (error) {
        throw new DomainError('ValidationError', (error as Error).message);
      }
      const problems = validate(this.loaded.schema, document);
      if (problems.length) throw new DomainError('ValidationError', problems.map((p) => p.message).join('; '));
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(req.query, document);
    }
    const operation = getOperationAST(document, req.operationName ?? undefined);
    if (!operation) throw new DomainError('ValidationError', 'name the operation to run (operationName)');
    const typeName = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' }[operation.operation];
    const rootFields: string[] = [];
    for (const sel of operation.selectionSet.selections) {
      if (sel.kind !== 'Field') throw new DomainError('ValidationError', 'fragments are not supported at the root');
      if (sel.name.value === '__typename' || sel.name.value.startsWith('__')) continue;
      const allowed = this.loaded.rootAuth.get(`${typeName}.${sel.name.value}`);
      if (!allowed?.has(modeOf(identity)))
        throw new DomainError(
          'Unauthorized',
          `Not Authorized to access ${sel.name.value} on type ${typeName}${identity.kind === 'anonymous' ? ': sign in' : ''}`,
        );
      rootFields.push(sel.name.value);
    }
    return { document, operation, rootFields };
  }

  async run(req: GraphQLRequest, identity: Identity): Promise<AppSyncResponse> {
    let prepared: PreparedOperation;
    try {
      prepared = this.prepare(req, identity);
    } catch (error) {
      const e = toApiError(error);
      return requestError(e.errorType, e.message);
    }
    if (prepared.operation.operation === 'subscription')
      return requestError('ValidationError', 'subscriptions are served over the realtime WebSocket endpoint');
    const result = await execute({
      schema: this.loaded.schema,
      document: prepared.document,
      variableValues: req.variables ?? undefined,
      operationName: req.operationName ?? undefined,
      contextValue: { identity } satisfies ExecContext,
      fieldResolver: this.fieldResolver,
    });
    return toAppSync(result);
  }

  private readonly fieldResolver: GraphQLFieldResolver<unknown, ExecContext> = (source, args, ctx, info) => {
    const parent = info.parentType.name;
    if (parent !== 'Query' && parent !== 'Mutation') return defaultFieldResolver(source, args, ctx, info);
    const resolver = this.resolvers[`${parent}.${info.fieldName}`];
    if (!resolver) throw new DomainError('InternalError', `${parent}.${info.fieldName} has no resolver`);
    return resolver({ args, identity: ctx.identity, services: this.services });
  };
}

export function toAppSync(result: ExecutionResult): AppSyncResponse {
  const data = (result.data as Record<string, unknown> | null | undefined) ?? null;
  if (!result.errors?.length) return { data };
  return { data, errors: result.errors.map(formatError) };
}

function formatError(error: GraphQLError): AppSyncError {
  const original = error.originalError;
  const api = original && !(original instanceof GraphQLError) ? toApiError(original) : undefined;
  return {
    message: api?.message ?? error.message,
    errorType: api?.errorType ?? 'ValidationError',
    ...(error.path ? { path: error.path } : {}),
    ...(error.locations ? { locations: error.locations } : {}),
    errorInfo: api?.errorInfo ?? null,
    data: null,
  };
}

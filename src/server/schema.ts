import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, type GraphQLSchema, type GraphQLObjectType } from 'graphql';

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

export type AuthMode = 'apiKey' | 'userPool' | 'iam';

const DIRECTIVE_MODES: Record<string, AuthMode> = {
  aws_api_key: 'apiKey',
  aws_cognito_user_pools: 'userPool',
  aws_iam: 'iam',
};

export interface LoadedSchema {
  readonly schema: GraphQLSchema;
  /** "Type.field" of every root field -> the auth modes AppSync would allow. */
  readonly rootAuth: ReadonlyMap<string, ReadonlySet<AuthMode>>;
  /** Subscription field -> the publish mutations it listens to (@aws_subscribe). */
  readonly subscribedMutations: ReadonlyMap<string, readonly string[]>;
}

/** schema.graphql as AppSync reads it: AppSync's built-ins prepended, default auth = user pools. */
export function loadSchema(): LoadedSchema {
  const sdl = readFileSync(root('src/api/appsync-prelude.graphql'), 'utf8') + readFileSync(root('schema.graphql'), 'utf8');
  const schema = buildSchema(sdl);
  const rootAuth = new Map<string, Set<AuthMode>>();
  const subscribedMutations = new Map<string, string[]>();
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
    (t): t is GraphQLObjectType => Boolean(t),
  );
  for (const type of roots) {
    for (const field of Object.values(type.getFields())) {
      const directives = field.astNode?.directives ?? [];
      const modes = new Set(directives.map((d) => DIRECTIVE_MODES[d.name.value]).filter((m): m is AuthMode => !!m));
      rootAuth.set(`${type.name}.${field.name}`, modes.size ? modes : new Set<AuthMode>(['userPool']));
      const subscribe = directives.find((d) => d.name.value === 'aws_subscribe');
      const arg = subscribe?.arguments?.find((a) => a.name.value === 'mutations');
      if (arg?.value.kind === 'ListValue')
        subscribedMutations.set(
          field.name,
          arg.value.values.flatMap((v) => (v.kind === 'StringValue' ? [v.value] : [])),
        );
    }
  }
  return { schema, rootAuth, subscribedMutations };
}

/**
 * APPSYNC_JS resolver code. Kept as plain strings: AppSync runs it, not Node.
 */

/**
 * Every resolver-map field: invoke the one resolver Lambda with the event a direct Lambda resolver
 * would get, then turn `{ error: { errorType, message } }` into a GraphQL error with that errorType,
 * so clients see the same errors as against the local server.
 */
export const lambdaResolverCode = `import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return {
    operation: 'Invoke',
    payload: {
      arguments: ctx.arguments,
      identity: ctx.identity || null,
      source: ctx.source || null,
      info: { parentTypeName: ctx.info.parentTypeName, fieldName: ctx.info.fieldName },
    },
  };
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const result = ctx.result || {};
  if (result.error) {
    util.error(result.error.message, result.error.errorType, null, result.error.errorInfo || null);
  }
  return result.data === undefined ? null : result.data;
}
`;

/** Internal publish mutations (NONE data source): echo the AWSJSON payload so subscribers receive it. */
export const publishResolverCode = `export function request(ctx) {
  return { payload: JSON.parse(ctx.arguments.data) };
}

export function response(ctx) {
  return ctx.result;
}
`;

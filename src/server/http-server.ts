import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DomainError } from '../domain/errors';
import { toApiError } from '../api/errors';
import type { Identity } from '../api/identity';
import type { Credentials } from './authenticate';
import type { GraphQLExecutor, GraphQLRequest } from './graphql-executor';
import { header, readJson, sendJson, type Route } from './http-util';
import { REALTIME_PATH, type RealtimeServer } from './realtime';
import type { TokenIssuer } from './token-issuer';

export interface HttpDeps {
  readonly executor: GraphQLExecutor;
  readonly realtime: RealtimeServer;
  readonly issuer: TokenIssuer;
  readonly authenticate: (creds: Credentials) => Promise<Identity>;
  readonly outputs: () => unknown;
  readonly localAuth: boolean;
  readonly isReady: () => boolean;
  /** Area routes (uploads, media, webhooks) registered by the composition root. */
  readonly routes: readonly Route[];
  readonly fallback: (req: IncomingMessage, res: ServerResponse, url: URL) => void;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, x-api-key, content-type, x-amz-user-agent, x-amz-date',
  'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
};

export function createHttpServer(deps: HttpDeps): Server {
  const core: Route[] = [
    { method: 'GET', path: '/healthz', handler: (_q, res) => sendJson(res, deps.isReady() ? 200 : 503, { ok: deps.isReady() }) },
    { method: 'GET', path: '/amplify_outputs.json', handler: (_q, res) => sendJson(res, 200, deps.outputs()) },
    { method: 'GET', path: '/.well-known/jwks.json', handler: (_q, res) => sendJson(res, 200, deps.issuer.publicJwks()) },
    {
      method: 'POST',
      path: '/graphql',
      handler: async (req, res) => {
        let identity: Identity;
        try {
          identity = await deps.authenticate({
            ...(header(req, 'authorization') ? { authorization: header(req, 'authorization') } : {}),
            ...(header(req, 'x-api-key') ? { apiKey: header(req, 'x-api-key') } : {}),
          });
        } catch (error) {
          const e = toApiError(error);
          sendJson(res, 401, { data: null, errors: [{ errorType: e.errorType, message: e.message, data: null }] }, CORS);
          return;
        }
        const body = await readJson<GraphQLRequest>(req);
        sendJson(res, 200, await deps.executor.run(body, identity), CORS);
      },
    },
  ];
  if (deps.localAuth)
    core.push({
      method: 'POST',
      path: '/local/auth/token',
      handler: async (req, res) => {
        const body = await readJson<{ username?: unknown; groups?: unknown }>(req);
        if (typeof body.username !== 'string') throw new DomainError('ValidationError', 'username is required');
        const groups = Array.isArray(body.groups) ? body.groups.filter((g): g is string => typeof g === 'string') : [];
        sendJson(res, 200, await deps.issuer.issue(body.username, groups), CORS);
      },
    });
  const routes = [...core, ...deps.routes];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    const route = routes.find(
      (r) => r.method === req.method && (r.path.endsWith('/') ? url.pathname.startsWith(r.path) : url.pathname === r.path),
    );
    const run = route ? route.handler(req, res, url) : deps.fallback(req, res, url);
    Promise.resolve(run).catch((error: unknown) => {
      const e = toApiError(error);
      const status = { Unauthorized: 401, Forbidden: 403, NotFound: 404, ValidationError: 400, Conflict: 409 }[
        e.errorType as string
      ] ?? 500;
      if (!res.headersSent) sendJson(res, status, { errorType: e.errorType, message: e.message }, CORS);
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === REALTIME_PATH) deps.realtime.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  return server;
}

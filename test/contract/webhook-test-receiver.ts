import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDomainError } from '../../src/domain/errors';
import { SIGNATURE_HEADER, verify } from '../../src/app/fulfilment/webhook-signature';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** What verify() said about the signature: 'ok' or the refusal message. */
  readonly signature: string;
}

/**
 * A real HTTP receiver on a loopback port. `answer(n)` picks the status of the n-th request
 * (1-based) after its signature was checked; a bad signature always gets 401.
 */
export async function startReceiver(secret: string, answer: (n: number) => number = () => 200) {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let signature = 'ok';
      try {
        verify(body, req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined, secret, new Date());
      } catch (e) {
        if (!isDomainError(e)) throw e;
        signature = e.message;
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, signature });
      const status = signature === 'ok' ? answer(requests.length) : 401;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `nope ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/warehouse`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * aws-amplify always dials `wss://<endpoint>/realtime` for a custom GraphQL endpoint, but the
 * embedded server on this machine speaks plain `ws://`. Amplify constructs the socket with
 * `new WebSocket(url, protocols)`, so in local mode only we swap the global constructor for a
 * subclass that downgrades loopback hosts (and nothing else) to `ws://`.
 */
const LOOPBACK = /^wss:\/\/(localhost|127\.0\.0\.1|\[::1\])(?=[:/]|$)/i;

export function installLoopbackWebSocket(): void {
  const Native = globalThis.WebSocket;
  if ((Native as { marqueeLoopback?: boolean }).marqueeLoopback) return;
  class LoopbackWebSocket extends Native {
    static marqueeLoopback = true;
    constructor(url: string | URL, protocols?: string | string[]) {
      super(String(url).replace(LOOPBACK, 'ws://$1'), protocols);
    }
  }
  globalThis.WebSocket = LoopbackWebSocket;
}

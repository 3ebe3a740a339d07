/** Picks free TCP ports on the loopback interface for the services that are not the web port. */
import { createServer, type Server } from 'node:net';

export const loopbackHost = '127.0.0.1';

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, loopbackHost, () => {
      const address = probe.address();
      probe.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('No port was assigned'));
        else resolve(address.port);
      });
    });
  });
}

/** Starts `server` listening on loopback (any free port by default) and answers the port it got. */
export async function listenOnLoopback(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, loopbackHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

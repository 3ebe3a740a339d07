/** Picks free TCP ports on the loopback interface for the services that are not the web port. */
import { createServer } from 'node:net';

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

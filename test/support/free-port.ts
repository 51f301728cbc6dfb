import { createServer } from 'node:net';

/**
 * A TCP port free on loopback right now, below Linux's ephemeral range (32768–60999): a port the kernel hands
 * out for port 0 is also what it gives the next outgoing connection (of a pg pool, of a Temporal client), which
 * then takes it before the test's server listens on it.
 */
const LOW = 20_000;
const HIGH = 32_000;
let next = LOW + ((process.pid * 97) % (HIGH - LOW));

function tryListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    next = next + 1 >= HIGH ? LOW : next + 1;
    if (await tryListen(next)) return next;
  }
  throw new Error('no free port on loopback between 20000 and 32000');
}

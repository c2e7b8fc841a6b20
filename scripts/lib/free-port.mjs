import { createServer } from 'node:net';

// Listens on an ephemeral loopback port and resolves to it.
export async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.address().port;
}

// A port that was free a moment ago, for a child process to bind.
export async function freePort() {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

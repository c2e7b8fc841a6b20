// The webhook sink's own process, so arrival times are not skewed by the load generator's work.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Arrival, SinkReply, SinkRequest } from './sink.ts';

const send = (reply: SinkReply): void => {
  process.send?.(reply);
};
let arrivals: Arrival[] = [];
let count = 0;

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const at = performance.timeOrigin + performance.now();
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    arrivals.push({ at, path: req.url ?? '', ...summarise(Buffer.concat(chunks).toString('utf8')) });
    count++;
  });
});

function summarise(body: string): { alerts: number; startsAt: number } {
  try {
    const data = JSON.parse(body) as { alerts?: { startsAt?: string }[] };
    const alerts = data.alerts ?? [];
    const starts = alerts.map((a) => Date.parse(a.startsAt ?? ''));
    return { alerts: alerts.length, startsAt: starts.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY) };
  } catch {
    return { alerts: 0, startsAt: Number.NaN };
  }
}

server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  const address = server.address();
  send({ type: 'listening', port: typeof address === 'object' && address !== null ? address.port : 0 });
});

process.on('message', (request: SinkRequest) => {
  if (request === 'count') {
    send({ type: 'count', count });
  } else if (request === 'take') {
    send({ type: 'arrivals', arrivals });
    arrivals = [];
  }
});
// The parent going away (normally or not) ends the sink.
process.on('disconnect', () => process.exit(0));

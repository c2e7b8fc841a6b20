// The burst notification scenario of `npm run bench` alone, with the server's CPU time per
// notification, which is less noisy than throughput on a shared machine. CPU is read from /proc
// when the posting ends and when the last notification arrived; the group timers expire
// group_wait after the posts, so the difference is the flush work (plus a little idle time).
// Run: node --import tsx bench/burst.ts [--server=tocsin|alertmanager] [--count=10000] [--runs=3] [--profile=DIR]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { notifyConfig } from './harness/configs.ts';
import { keepAlivePool } from './harness/http.ts';
import { ServerProcess } from './harness/server-process.ts';
import type { ServerKind } from './harness/server-process.ts';
import { WebhookSink } from './harness/sink.ts';
import { CONNECTIONS } from './scenarios/ingest.ts';
import { measureBurst } from './scenarios/notifications.ts';

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: 'tocsin' },
    count: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    profile: { type: 'string' },
  },
});
const kind = values.server as ServerKind;
const count = Number(values.count);
const nodeFlags = [...(values.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${values.profile}`]), ...(process.env['BURST_NODE_FLAGS']?.split(' ') ?? [])];

/** utime + stime of a process in ms (USER_HZ is 100 on Linux). */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const sink = await WebhookSink.start();
try {
  for (let run = 1; run <= Number(values.runs); run++) {
    const server = await ServerProcess.launch({ kind, config: notifyConfig(sink.url), nodeFlags });
    const pool = keepAlivePool(server.url, CONNECTIONS);
    try {
      const start = await cpuMs(server.pid);
      let posted = start;
      const burst = await measureBurst(pool, sink, count, async () => {
        posted = await cpuMs(server.pid);
      });
      const end = await cpuMs(server.pid);
      const perAlert = (ms: number): string => (ms / count).toFixed(3);
      console.log(
        `${kind} run ${run}: ${burst.delivered}/${burst.sent} at ${burst.perSecond.toFixed(0)}/s (post ${burst.postMs.toFixed(0)} ms); ` +
          `CPU ms per alert: ingest ${perAlert(posted - start)}, notify ${perAlert(end - posted)}`,
      );
    } finally {
      await pool.destroy();
      await server.stop();
    }
  }
} finally {
  await sink.close();
}

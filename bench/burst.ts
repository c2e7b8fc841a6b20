// The burst notification scenario of `npm run bench` alone, with the server's CPU time per
// notification, which is less noisy than throughput on a shared machine. CPU is read from /proc
// when the posting ends and when the last notification arrived; the group timers expire
// group_wait after the posts, so the difference is the flush work (plus a little idle time).
// Run: node --import tsx bench/burst.ts [--server=tocsin|alertmanager] [--count=10000] [--runs=3] [--profile=DIR]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { notifyConfig } from './harness/configs.ts';
import { readCpu, readThreadsCpu } from './harness/process-cpu.ts';
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

/** The process's CPU ms over all its threads; it fails loudly where /proc tells none. */
async function cpuMs(pid: number): Promise<number> {
  const reading = await readCpu(pid);
  if (reading === undefined) throw new Error(`no CPU time readable for process ${pid} under /proc`);
  return reading.processMs;
}

/** CPU ms per thread name (the main thread is named after the executable). */
async function threadCpu(pid: number): Promise<Map<string, number>> {
  const byName = new Map<string, number>();
  for (const [tid, ms] of (await readThreadsCpu(pid)) ?? []) {
    try {
      const name = tid === String(pid) ? 'main' : `${(await readFile(`/proc/${pid}/task/${tid}/comm`, 'utf8')).trim()}:${tid}`;
      byName.set(name, ms);
    } catch {
      // the thread ended
    }
  }
  return byName;
}

const sink = await WebhookSink.start();
try {
  for (let run = 1; run <= Number(values.runs); run++) {
    const server = await ServerProcess.launch({ kind, config: notifyConfig(sink.url), nodeFlags });
    const pool = keepAlivePool(server.url, CONNECTIONS);
    try {
      const start = await cpuMs(server.pid);
      let posted = start;
      let threadsPosted = new Map<string, number>();
      const burst = await measureBurst(pool, sink, count, async () => {
        posted = await cpuMs(server.pid);
        threadsPosted = await threadCpu(server.pid);
      });
      const end = await cpuMs(server.pid);
      const threads = [...(await threadCpu(server.pid))].map(([name, ms]) => `${name} ${(ms - (threadsPosted.get(name) ?? 0)).toFixed(0)}`);
      const perAlert = (ms: number): string => (ms / count).toFixed(3);
      console.log(
        `${kind} run ${run}: ${burst.delivered}/${burst.sent} at ${burst.perSecond.toFixed(0)}/s (post ${burst.postMs.toFixed(0)} ms); ` +
          `CPU ms per alert: ingest ${perAlert(posted - start)}, notify ${perAlert(end - posted)} (ms by thread: ${threads.join(', ')})`,
      );
    } finally {
      await pool.destroy();
      await server.stop();
    }
  }
} finally {
  await sink.close();
}

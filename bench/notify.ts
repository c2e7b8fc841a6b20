// Notifications per second through the whole pipeline to a local webhook receiver running in a
// child process: first notifications (dedup miss → POST → nflog), then re-flushes that dedup
// suppresses, with the in-memory and the file-backed (fsynced journal) notification log.
// Run: node --import tsx bench/notify.ts
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Registry } from 'prom-client';
import type { Alert } from '../src/alerts/alert.ts';
import { SystemClock } from '../src/common/clock.ts';
import { Secret } from '../src/config/secret.ts';
import type { ReceiverConfig } from '../src/config/types.ts';
import { HttpClientCache } from '../src/http-client/http-client-cache.ts';
import { fingerprint } from '../src/labels/label-set.ts';
import type { FlushContext, MarkerWriter, Muter, NotifyFn } from '../src/notify/flush.ts';
import { createIntegrations } from '../src/notify/integrations/create-integrations.ts';
import { NotifyMetrics } from '../src/notify/metrics.ts';
import { LocalNotificationLog, openFileNotificationLog } from '../src/notify/nflog/local-notification-log.ts';
import type { NotificationLog } from '../src/notify/nflog/notification-log.ts';
import { createNotifyFn } from '../src/notify/pipeline.ts';

const GROUPS = 5_000;
const ALERTS_PER_GROUP = 10;
const CONCURRENCY = 128;
const ZERO = -62_135_596_800_000;

const receiverCode = `
  const http = require('node:http');
  let n = 0;
  const s = http.createServer((req, res) => { req.resume(); req.on('end', () => { n++; res.end('ok'); }); });
  s.keepAliveTimeout = 60000;
  s.listen(0, '127.0.0.1', () => console.log(s.address().port));
  process.on('SIGTERM', () => { console.error('received ' + n); process.exit(0); });
`;
const child = spawn(process.execPath, ['-e', receiverCode], { stdio: ['ignore', 'pipe', 'inherit'] });
const [portLine] = (await once(child.stdout, 'data')) as [Buffer];
const url = `http://127.0.0.1:${portLine.toString().trim()}/hook`;

const clock = new SystemClock();
const nobody: Muter = { mutes: () => [] };
const marker: MarkerWriter = { setSilenced: () => undefined, setInhibited: () => undefined, setGroupMuted: () => undefined };
const receiver: ReceiverConfig = {
  name: 'bench',
  webhook_configs: [{ send_resolved: true, url: new Secret(url), url_file: '', max_alerts: 0, timeout: 0 }],
};
const http = new HttpClientCache();

const groups = Array.from({ length: GROUPS }, (_, g) => {
  const alerts: Alert[] = Array.from({ length: ALERTS_PER_GROUP }, (_, i) => {
    const labels = { alertname: `Alert${g}`, instance: `host-${i}:9100`, job: 'node', severity: 'warning' };
    return {
      fingerprint: fingerprint(labels),
      labels,
      annotations: { summary: `host-${i} is down`, description: 'Down for more than 5 minutes.' },
      startsAt: Date.now() - 60_000,
      endsAt: ZERO,
      generatorURL: 'http://prometheus:9090/graph?g0.expr=up%3D%3D0',
      updatedAt: Date.now(),
      timeout: false,
    };
  });
  return { key: `{}:{alertname="Alert${g}"}`, alerts };
});

function flush(key: string, alertname: string): FlushContext {
  const now = Date.now();
  return {
    groupKey: key,
    routeId: '{}',
    receiver: 'bench',
    groupLabels: { alertname },
    routeLabels: {},
    repeatInterval: 4 * 3_600_000,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    now,
    deadline: now + 10_000,
    signal: AbortSignal.timeout(10_000),
    marker,
  };
}

interface Run {
  readonly ms: number;
  /** CPU time of this process per flush, µs: steadier than wall time on a busy machine. */
  readonly cpuUs: number;
}

async function run(notify: NotifyFn): Promise<Run> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < groups.length) {
      const g = groups[next++] as (typeof groups)[number];
      await notify(flush(g.key, g.key.slice(14, -2)), g.alerts);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuUs: (used.user + used.system) / groups.length };
}

async function bench(name: string, nflog: NotificationLog): Promise<void> {
  const notify = createNotifyFn({
    receivers: [receiver],
    integrationsFactory: (r) => createIntegrations(r, { http, templates: { executeText: (t) => t, executeHtml: (t) => t }, externalURL: 'http://am' }),
    inhibitor: nobody,
    silencer: nobody,
    timeIntervals: new Map(),
    nflog,
    clock,
    metrics: new NotifyMetrics(new Registry()),
  });
  const send = await run(notify);
  const dedup = await run(notify);
  const rate = (r: Run): string =>
    `${r.ms.toFixed(0)}ms, ${Math.round((GROUPS / r.ms) * 1000).toLocaleString('en-US')}/s, ${r.cpuUs.toFixed(0)}µs CPU each`;
  console.log(
    `${name}: ${GROUPS} notifications of ${ALERTS_PER_GROUP} alerts (${rate(send)}); ` +
      `${GROUPS} deduplicated re-flushes (${rate(dedup)})`,
  );
  await nflog.close();
}

const directory = await mkdtemp(join(tmpdir(), 'tocsin-bench-nflog-'));
try {
  // Warm up connections and JIT.
  await bench('warm-up (in-memory nflog)', new LocalNotificationLog({ clock, retentionMs: 120 * 3_600_000 }));
  await bench('in-memory nflog', new LocalNotificationLog({ clock, retentionMs: 120 * 3_600_000 }));
  await bench('file-backed nflog', await openFileNotificationLog({ clock, retentionMs: 120 * 3_600_000, directory }));
} finally {
  await http.close();
  child.kill('SIGTERM');
  await once(child, 'exit');
  await rm(directory, { recursive: true, force: true });
}

// Routing and grouping of 100,000 alerts over a tree of 10 teams x 20 clusters x 3 severities
// (like Alertmanager's BenchmarkGroups): first arrival, a re-send, loading from the store, the
// API's group listing, one flush of every group, and inhibitor lookups.
// Run: node --import tsx bench/dispatch.ts
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Alert } from '../src/alerts/alert.ts';
import { MemoryAlertStore } from '../src/alerts/memory-alert-store.ts';
import type { RouteConfig } from '../src/config/types.ts';
import { Dispatcher } from '../src/dispatch/dispatcher.ts';
import { FakeClock } from '../src/common/fake-clock.ts';
import { alertAt } from '../src/dispatch/fixtures.ts';
import { compileRoute } from '../src/dispatch/route.ts';
import { Inhibitor } from '../src/inhibit/inhibitor.ts';
import { parseMatchers } from '../src/labels/parse.ts';
import type { NotifyFn } from '../src/notify/flush.ts';

const N = 100_000;
const TEAMS = 10;
const CLUSTERS = 20;
const SEVERITIES = ['critical', 'warning', 'info'];

const tree: RouteConfig = {
  receiver: 'default',
  continue: false,
  group_by: ['alertname'],
  routes: Array.from({ length: TEAMS }, (_, t) => ({
    receiver: `team-${t}`,
    continue: false,
    matchers: parseMatchers(`team="team-${t}"`),
    routes: Array.from({ length: CLUSTERS }, (_, c) => ({
      receiver: '',
      continue: false,
      matchers: parseMatchers(`cluster="cluster-${c}"`),
      group_by: ['alertname', 'cluster', 'job'],
      routes: SEVERITIES.map((s) => ({ receiver: `team-${t}-${s}`, continue: s === 'critical', matchers: parseMatchers(`severity="${s}"`) })),
    })),
  })),
};
const route = compileRoute(tree);
let routes = 0;
route.walk(() => routes++);

const clock = new FakeClock();
const now = clock.now();
const alerts: Alert[] = Array.from({ length: N }, (_, i) =>
  alertAt(
    {
      alertname: `Alert${Math.floor(i / 200) % 50}`,
      team: `team-${i % TEAMS}`,
      cluster: `cluster-${Math.floor(i / TEAMS) % CLUSTERS}`,
      severity: SEVERITIES[i % 3] as string,
      instance: `host-${i}:9100`,
      job: `job-${i % 40}`,
    },
    now,
    { startsAt: now - 60_000 },
  ),
);

function report(name: string, ms: number, n = N): void {
  console.log(`${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms  ${((ms * 1000) / n).toFixed(2).padStart(7)} µs/op`);
}

let flushes = 0;
let flushedAlerts = 0;
const notify: NotifyFn = (_ctx, batch) => {
  flushes++;
  flushedAlerts += batch.length;
  return Promise.resolve();
};

console.log(`${N} alerts, ${routes} routes`);

// Direct routing: the cost of the tree walk and grouping alone.
{
  const store = new MemoryAlertStore({ clock });
  const d = new Dispatcher({ store, route, notify, clock });
  let t = performance.now();
  for (const a of alerts) d.routeAlert(a);
  report('route + group, first arrival', performance.now() - t);
  t = performance.now();
  for (const a of alerts) d.routeAlert({ ...a, updatedAt: a.updatedAt + 60_000 });
  report('route + group, re-send (known fingerprints)', performance.now() - t);
  console.log(`  ${d.groupCount} aggregation groups`);

  t = performance.now();
  const { groups } = await d.groups();
  report(`groups() for the API (${groups.length} groups)`, performance.now() - t, groups.length);

  // Every group is due (old alerts): start them and let one flush each run.
  t = performance.now();
  d.start();
  await clock.advance(0);
  report(`one flush of every group (${flushes} flushes)`, performance.now() - t, flushes);
  console.log(`  ${flushedAlerts} alerts handed to notify`);
  d.stop();
}

// Through the store: loading 100k stored alerts, with the longest event-loop stall.
{
  const store = new MemoryAlertStore({ clock, initial: alerts });
  const d = new Dispatcher({ store, route, notify, clock });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const t = performance.now();
  d.start(now + 3_600_000);
  await d.loaded();
  const ms = performance.now() - t;
  delay.disable();
  report('load 100k stored alerts (slurp)', ms);
  console.log(`  longest event-loop stall ${(delay.max / 1e6).toFixed(1)} ms`);
  d.stop();
}

// Inhibition: 100 rules, each with 1000 sources, checked for 100k targets.
{
  const rules = Array.from({ length: 100 }, (_, r) => ({
    name: `r${r}`,
    source_matchers: parseMatchers(`alertname="Source${r}"`),
    target_matchers: parseMatchers('severity="warning"'),
    equal: ['instance'],
  }));
  const sources = Array.from({ length: 100_000 }, (_, i) =>
    alertAt({ alertname: `Source${i % 100}`, instance: `host-${i}:9100` }, now, { endsAt: now + 3_600_000 }),
  );
  const store = new MemoryAlertStore({ clock, initial: sources });
  const inhibitor = new Inhibitor({ store, rules, clock });
  let t = performance.now();
  inhibitor.start();
  await inhibitor.loaded();
  report('inhibitor: load 100k sources into 100 rules', performance.now() - t);
  let muted = 0;
  t = performance.now();
  for (const a of alerts) if (inhibitor.mutes(a.labels, a.fingerprint).length > 0) muted++;
  report(`inhibitor: mutes() x ${N} (${muted} muted)`, performance.now() - t);
  inhibitor.stop();
}

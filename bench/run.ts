// Tocsin side by side with Alertmanager 0.25: ingest, memory, queries, notifications, and the
// event loop under load. Informs; always exits 0. Writes bench/results/latest.json.
// Run: npm run bench [-- --quick] [-- --tocsin-only] [-- --profile] [-- --rounds=3]
// Both servers run at once and are measured in lockstep, each phase on one and then on the other
// while the other is paused (SIGSTOP). With rounds, that is repeated with the order of each step
// alternating, and the table shows each value's median and the range of the per-round advantages.
// Env: TOCSIN_BENCH_ALERTMANAGER (binary), TOCSIN_BENCH_TOCSIN (another build's bin/tocsin.js).
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Client, Pool } from 'undici';
import { fleetBatches, silenceBodies } from './harness/alerts.ts';
import { mainConfig, notifyConfig } from './harness/configs.ts';
import { keepAlivePool, postAll, singleClient } from './harness/http.ts';
import { warmUpLoadGenerator } from './harness/raw-post.ts';
import { alertmanagerInstalled, ALERTMANAGER_BINARY, REPO_ROOT, ServerProcess } from './harness/server-process.ts';
import type { ServerKind } from './harness/server-process.ts';
import { WebhookSink } from './harness/sink.ts';
import { buildRows, combineRounds, renderTable } from './report.ts';
import type { ReportRow, ScaleResults, ServerResults } from './report.ts';
import { BATCH_SIZE, CONNECTIONS, measureIngest } from './scenarios/ingest.ts';
import { measureBurst, measureSteadyDelivery } from './scenarios/notifications.ts';
import { measureQueries } from './scenarios/queries.ts';
import { largeGroupLoad, listLoad, measureProbeDelay } from './scenarios/responsiveness.ts';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'tocsin-only': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '1' },
  },
});
const ROUNDS = Number(flags.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`--rounds must be a positive integer, got ${flags.rounds}`);
const quick = flags.quick === true;
const SMALL = 10_000;
const LARGE = 100_000;
const ALERTS = quick ? SMALL : LARGE;
const SILENCES = 1_000;
const QUERY_RUNS = quick ? 5 : 3;
/** One list request is abandoned after this; Alertmanager 0.25 needs minutes at 100k alerts with 1,000 silences. */
const QUERY_CAP_MS = 60_000;
const BURST = quick ? 2_000 : 10_000;
/** The alerts of the one group notified to PagerDuty while probes run, and how long its notification may take. */
const LARGE_GROUP = quick ? 2_000 : 10_000;
const LARGE_GROUP_SETTLE_MS = 3_000;
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

const log = (message: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/** With --profile, Tocsin writes a V8 CPU profile per server into bench/results/profiles/<name>/. */
function nodeFlags(name: string): string[] {
  return flags.profile === true ? ['--cpu-prof', `--cpu-prof-dir=${join(RESULTS_DIR, 'profiles', name)}`] : [];
}

/** A server under test with its connections: a keep-alive pool for posts and one client for queries. */
interface Side {
  readonly kind: ServerKind;
  readonly server: ServerProcess;
  readonly pool: Pool;
  readonly client: Client;
  /** When the side's fleet of alerts started firing (epoch ms). */
  readonly startsAt: number;
}

/** One measurement taken on one side, recording into that side's results. */
type Step<R> = (side: Side, results: Partial<R>) => Promise<void>;

/** How long a resumed server runs before it is measured, for the timers that fell due while it was paused. */
const RESUME_SETTLE_MS = 1_500;

/**
 * Takes every step on each side in turn while the other side is paused (SIGSTOP): the two
 * servers' measurements of a step are taken seconds apart, so a slow spell of the machine falls
 * on both alike, and neither server's background work (Tocsin's memory reducer, Go's collector
 * and scavenger) takes CPU from the other's measurement.
 */
async function inLockstep<R>(sides: readonly Side[], steps: readonly Step<R>[]): Promise<Array<Partial<R>>> {
  const results = sides.map((): Partial<R> => ({}));
  const alone = sides.length === 1;
  if (!alone) for (const side of sides) side.server.pause();
  for (const step of steps) {
    for (const [i, side] of sides.entries()) {
      if (!alone) {
        side.server.resume();
        await sleep(RESUME_SETTLE_MS);
      }
      await step(side, results[i] as Partial<R>);
      if (!alone) side.server.pause();
    }
  }
  if (!alone) for (const side of sides) side.server.resume();
  return results;
}

/** Launches a server of each kind with `config`, runs `steps` on them in lockstep, and stops them. */
async function withServers<R>(kinds: readonly ServerKind[], config: string, name: string, steps: readonly Step<R>[]): Promise<Array<Partial<R>>> {
  const sides: Side[] = [];
  try {
    for (const kind of kinds) {
      const server = await ServerProcess.launch({ kind, config, nodeFlags: nodeFlags(name) });
      sides.push({ kind, server, pool: keepAlivePool(server.url, CONNECTIONS), client: singleClient(server.url), startsAt: Date.now() - 60_000 });
      log(`${kind}: pid ${server.pid}, ${server.url}, load ${load()}`);
    }
    return await inLockstep(sides, steps);
  } finally {
    for (const side of sides) {
      await Promise.all([side.pool.destroy(), side.client.destroy()]);
      await side.server.stop();
    }
  }
}

/** Memory after 2 s without requests. */
async function settledMemory(server: ServerProcess): Promise<{ rssMiB: number; peakMiB: number }> {
  await sleep(2_000);
  return server.memory();
}

/** Queries, then the probe delay idle and during back-to-back lists, unless the list hit the cap. */
async function measureScale(side: Side, alerts: number, sink: WebhookSink): Promise<ScaleResults> {
  const { kind, pool, client } = side;
  const queries = await measureQueries(client, QUERY_RUNS, QUERY_CAP_MS);
  if (queries.list?.timedOut === true) {
    log(`${kind}: GET /api/v2/alerts with ${alerts} alerts took over ${QUERY_CAP_MS / 1000} s; the other ${alerts / 1000}k measurements are skipped`);
    return { alerts, queries };
  }
  log(`${kind}: ${alerts / 1000}k queries done (list ${queries.list?.medianMs.toFixed(0)} ms, groups ${queries.groups?.medianMs.toFixed(0)} ms)`);
  const probeIdle = await measureProbeDelay(pool, sink, 3_000);
  const probeDuringList = await measureProbeDelay(pool, sink, 0, listLoad(client, 1, 5_000));
  log(`${kind}: probe delay p99 idle ${probeIdle.delayMs.p99.toFixed(0)} ms, during list ${probeDuringList.delayMs.p99.toFixed(0)} ms`);
  return { alerts, queries, probeIdle, probeDuringList };
}

type MainResults = Omit<ServerResults, 'steady' | 'burst'>;
type NotifyResults = Pick<ServerResults, 'steady' | 'burst' | 'largeGroup'>;

const fleet = (side: Side, from: number, to: number, endsAt: number): string[] => fleetBatches(from, to, BATCH_SIZE, side.startsAt, endsAt);

/**
 * The main server's phases: ingest to 10k, 1,000 silences, queries at 10k; then (full run)
 * ingest to 100k; memory; re-ingest; queries at 100k. Quick runs take the memory right after
 * the 10k ingest; full runs after the 100k ingest, which follows the 10k queries.
 */
function mainSteps(sink: WebhookSink): Array<Step<MainResults>> {
  const steps: Array<Step<MainResults>> = [
    async (side, r) => {
      r.ingestSmall = await measureIngest(side.server.url, side.server.pid, fleet(side, 0, SMALL, Date.now() + 4 * 60_000), side.kind === 'tocsin');
      log(`${side.kind}: ingested 10k alerts at ${r.ingestSmall.perSecond.toFixed(0)}/s`);
      if (quick) r.memory = await settledMemory(side.server);
    },
    async (side, r) => {
      const list = (await measureQueries(side.client, QUERY_RUNS, QUERY_CAP_MS, ['list'])).list;
      if (list !== undefined) r.listWithoutSilences = list;
      // Spread over the 100k fleet in both modes, so 1 % of the alerts are silenced at any size.
      const silences = silenceBodies(SILENCES, LARGE, Date.now());
      const silenceMs = await postAll(side.pool, '/api/v2/silences', silences.length, (i) => silences[i] as string, CONNECTIONS);
      r.silencesPerSecond = (SILENCES / silenceMs) * 1000;
      await sleep(1_000);
      r.small = await measureScale(side, SMALL, sink);
    },
  ];
  if (!quick) {
    steps.push(async (side, r) => {
      r.ingestLarge = await measureIngest(side.server.url, side.server.pid, fleet(side, SMALL, ALERTS, Date.now() + 4 * 60_000), side.kind === 'tocsin');
      log(`${side.kind}: ingested to 100k alerts at ${r.ingestLarge.perSecond.toFixed(0)}/s`);
      r.memory = await settledMemory(side.server);
    });
  }
  // The memory at the end is read in the last step itself: after a pause and resume, Tocsin's
  // memory reducer could have collected first.
  steps.push(async (side, r) => {
    r.reingest = await measureIngest(side.server.url, side.server.pid, fleet(side, 0, ALERTS, Date.now() + 5 * 60_000), side.kind === 'tocsin');
    log(`${side.kind}: re-ingested ${ALERTS / 1000}k at ${r.reingest.perSecond.toFixed(0)}/s`);
    r.memoryAfterReingest = await settledMemory(side.server);
    if (quick) r.memoryAtEnd = await side.server.memory();
  });
  if (!quick) {
    steps.push(async (side, r) => {
      r.large = await measureScale(side, ALERTS, sink);
      r.memoryAtEnd = await side.server.memory();
    });
  }
  return steps;
}

function notifySteps(sink: WebhookSink): Array<Step<NotifyResults>> {
  return [
    async (side, r) => {
      r.steady = await measureSteadyDelivery(side.pool, sink);
    },
    async (side, r) => {
      r.burst = await measureBurst(side.pool, sink, BURST);
      log(`${side.kind}: ${r.burst.delivered}/${r.burst.sent} burst notifications at ${r.burst.perSecond.toFixed(0)}/s; steady p99 ${r.steady?.delayMs.p99.toFixed(0)} ms`);
    },
    async (side, r) => {
      // The group's one notification is awaited along with the probes'.
      r.largeGroup = await measureProbeDelay(side.pool, sink, 0, largeGroupLoad(side.pool, LARGE_GROUP, LARGE_GROUP_SETTLE_MS), 1);
      log(`${side.kind}: probe delay p99 ${r.largeGroup.delayMs.p99.toFixed(0)} ms while a ${LARGE_GROUP / 1000}k-alert group notified PagerDuty (${r.largeGroup.otherArrivals} notification)`);
    },
  ];
}

const compare = flags['tocsin-only'] !== true && alertmanagerInstalled();
const meta = {
  startedAt: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  alerts: ALERTS,
  silences: SILENCES,
  burst: BURST,
  node: process.version,
  cpus: cpus().length,
  loadAverageAtStart: loadavg(),
  alertmanager: compare ? ALERTMANAGER_BINARY : null,
};
log(`mode ${meta.mode}: ${ALERTS} alerts, ${cpus().length} CPUs, load average ${load()}`);
if (!compare) log(flags['tocsin-only'] === true ? 'Alertmanager skipped (--tocsin-only)' : `Alertmanager skipped: ${ALERTMANAGER_BINARY} is not installed; advantages and ratio targets are not computed`);

interface Round {
  tocsin: ServerResults;
  alertmanager: ServerResults | undefined;
}

const REQUIRED: ReadonlyArray<keyof ServerResults> = ['ingestSmall', 'reingest', 'memory', 'memoryAfterReingest', 'memoryAtEnd', 'silencesPerSecond', 'small', 'steady', 'burst'];

function complete(kind: ServerKind, results: Partial<ServerResults>): ServerResults {
  const missing = REQUIRED.filter((key) => results[key] === undefined);
  if (missing.length > 0) throw new Error(`${kind}: no ${missing.join(', ')} measured`);
  return results as ServerResults;
}

/**
 * One side-by-side run, the servers measured in lockstep; odd rounds measure Tocsin first in
 * each step, even rounds Alertmanager, so an order effect evens out.
 */
async function benchRound(round: number, sink: WebhookSink): Promise<Round> {
  if (ROUNDS > 1) log(`round ${round} of ${ROUNDS}`);
  const kinds: ServerKind[] = !compare ? ['tocsin'] : round % 2 === 0 ? ['alertmanager', 'tocsin'] : ['tocsin', 'alertmanager'];
  const main = await withServers(kinds, mainConfig(sink.url), 'main', mainSteps(sink));
  const notify = await withServers(kinds, notifyConfig(sink.url), 'notify', notifySteps(sink));
  const of = (kind: ServerKind): ServerResults => {
    const i = kinds.indexOf(kind);
    return complete(kind, { ...main[i], ...notify[i] });
  };
  return { tocsin: of('tocsin'), alertmanager: compare ? of('alertmanager') : undefined };
}

const sink = await WebhookSink.start();
await warmUpLoadGenerator(fleetBatches(0, 20_000, BATCH_SIZE, Date.now(), Date.now() + 60_000).map((body) => Buffer.from(body, 'utf8')), CONNECTIONS);
try {
  const rounds: Round[] = [];
  for (let round = 1; round <= ROUNDS; round++) rounds.push(await benchRound(round, sink));
  const roundRows = rounds.map((r) => buildRows(ALERTS, r.tocsin, r.alertmanager));
  const reportRows = roundRows.length === 1 ? (roundRows[0] as ReportRow[]) : combineRounds(roundRows);
  const loadAverageAtEnd = loadavg();
  console.log(`\n${renderTable(reportRows)}\n`);
  console.log('advantage: times better than Alertmanager (rate ratio for rates; Alertmanager ÷ Tocsin for times and memory)');
  console.log(`load average at start ${meta.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${load()} (${meta.cpus} CPUs)`);
  const checks = { pass: reportRows.filter((r) => r.pass === true).length, fail: reportRows.filter((r) => r.pass === false).length };
  console.log(`targets: ${checks.pass} PASS, ${checks.fail} FAIL (benchmarks inform; exit code 0)`);
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, 'latest.json');
  const results = rounds.map((r) => ({ tocsin: r.tocsin, alertmanager: r.alertmanager ?? null }));
  await writeFile(file, `${JSON.stringify({ meta: { ...meta, rounds: ROUNDS, loadAverageAtEnd }, rows: reportRows, roundRows, results }, null, 2)}\n`);
  log(`results written to ${file}`);
} finally {
  await sink.close();
}

// Template rendering is in-process work, measured in its own process so the servers above do not
// share its heap (target: 5,000 renders/s of slack.default.text for a 100-alert group).
log('template rendering, 100-alert group:');
spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./templates.ts', import.meta.url))], { stdio: 'inherit' });

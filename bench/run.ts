// Tocsin side by side with Alertmanager 0.25: ingest, memory, queries, notifications, and the
// event loop under load. Informs; always exits 0. Writes bench/results/latest.json.
// Run: npm run bench [-- --quick] [-- --tocsin-only] [-- --profile] [-- --rounds=3]
// With rounds, the two servers run side by side that many times, in alternating order, and the
// table shows each value's median and the range of the per-round advantages.
// Env: TOCSIN_BENCH_ALERTMANAGER (binary), TOCSIN_BENCH_TOCSIN (another build's bin/tocsin.js).
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Dispatcher } from 'undici';
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
import { listLoad, measureProbeDelay } from './scenarios/responsiveness.ts';

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
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

const log = (message: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/** With --profile, Tocsin writes a V8 CPU profile per server into bench/results/profiles/<name>/. */
function nodeFlags(name: string): string[] {
  return flags.profile === true ? ['--cpu-prof', `--cpu-prof-dir=${join(RESULTS_DIR, 'profiles', name)}`] : [];
}

/** Memory after 2 s without requests. */
async function settledMemory(server: ServerProcess): Promise<{ rssMiB: number; peakMiB: number }> {
  await sleep(2_000);
  return server.memory();
}

/** Queries, then the probe delay idle and during back-to-back lists, unless the list hit the cap. */
async function measureScale(kind: ServerKind, alerts: number, pool: Dispatcher, client: Dispatcher, sink: WebhookSink): Promise<ScaleResults> {
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

/**
 * One server through the phases: ingest to 10k, 1,000 silences, queries at 10k; then (full run)
 * ingest to 100k; memory; re-ingest; queries at 100k. Quick runs take the memory right after
 * the 10k ingest; full runs after the 100k ingest, which follows the 10k queries.
 */
async function benchServer(kind: ServerKind, sink: WebhookSink): Promise<ServerResults> {
  const main = await ServerProcess.launch({ kind, config: mainConfig(sink.url), nodeFlags: nodeFlags('main') });
  const pool = keepAlivePool(main.url, CONNECTIONS);
  const client = singleClient(main.url);
  let results: Omit<ServerResults, 'steady' | 'burst'>;
  try {
    log(`${kind}: pid ${main.pid}, ${main.url}, load ${load()}`);
    const startsAt = Date.now() - 60_000;
    const fleet = (from: number, to: number, endsAt: number): string[] => fleetBatches(from, to, BATCH_SIZE, startsAt, endsAt);
    const ingestSmall = await measureIngest(main.url, fleet(0, SMALL, Date.now() + 4 * 60_000));
    log(`${kind}: ingested 10k alerts at ${ingestSmall.perSecond.toFixed(0)}/s`);
    const memorySmall = quick ? await settledMemory(main) : undefined;
    const listWithoutSilences = (await measureQueries(client, QUERY_RUNS, QUERY_CAP_MS, ['list'])).list;
    // Spread over the 100k fleet in both modes, so 1 % of the alerts are silenced at any size.
    const silences = silenceBodies(SILENCES, LARGE, Date.now());
    const silenceMs = await postAll(pool, '/api/v2/silences', silences.length, (i) => silences[i] as string, CONNECTIONS);
    await sleep(1_000);
    const small = await measureScale(kind, SMALL, pool, client, sink);
    const ingestLarge = quick ? undefined : await measureIngest(main.url, fleet(SMALL, ALERTS, Date.now() + 4 * 60_000));
    if (ingestLarge !== undefined) log(`${kind}: ingested to 100k alerts at ${ingestLarge.perSecond.toFixed(0)}/s`);
    const memory = memorySmall ?? (await settledMemory(main));
    const reingest = await measureIngest(main.url, fleet(0, ALERTS, Date.now() + 5 * 60_000));
    log(`${kind}: re-ingested ${ALERTS / 1000}k at ${reingest.perSecond.toFixed(0)}/s`);
    const memoryAfterReingest = await settledMemory(main);
    const large = quick ? undefined : await measureScale(kind, ALERTS, pool, client, sink);
    const memoryAtEnd = await main.memory();
    results = {
      ingestSmall,
      ...(ingestLarge === undefined ? {} : { ingestLarge }),
      reingest,
      memory,
      memoryAfterReingest,
      memoryAtEnd,
      ...(listWithoutSilences === undefined ? {} : { listWithoutSilences }),
      silencesPerSecond: (SILENCES / silenceMs) * 1000,
      small,
      ...(large === undefined ? {} : { large }),
    };
  } finally {
    await Promise.all([pool.destroy(), client.destroy()]);
    await main.stop();
  }
  return { ...results, ...(await benchNotifications(kind, sink)) };
}

async function benchNotifications(kind: ServerKind, sink: WebhookSink): Promise<Pick<ServerResults, 'steady' | 'burst'>> {
  const server = await ServerProcess.launch({ kind, config: notifyConfig(sink.url), nodeFlags: nodeFlags('notify') });
  const pool = keepAlivePool(server.url, CONNECTIONS);
  try {
    const steady = await measureSteadyDelivery(pool, sink);
    const burst = await measureBurst(pool, sink, BURST);
    log(`${kind}: ${burst.delivered}/${burst.sent} burst notifications at ${burst.perSecond.toFixed(0)}/s; steady p99 ${steady.delayMs.p99.toFixed(0)} ms`);
    return { steady, burst };
  } finally {
    await pool.destroy();
    await server.stop();
  }
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

/** One side-by-side run; odd rounds start with Alertmanager, so drift in the machine's load evens out. */
async function benchRound(round: number, sink: WebhookSink): Promise<Round> {
  if (ROUNDS > 1) log(`round ${round} of ${ROUNDS}`);
  if (!compare) return { tocsin: await benchServer('tocsin', sink), alertmanager: undefined };
  if (round % 2 === 0) {
    const alertmanager = await benchServer('alertmanager', sink);
    return { tocsin: await benchServer('tocsin', sink), alertmanager };
  }
  const tocsin = await benchServer('tocsin', sink);
  return { tocsin, alertmanager: await benchServer('alertmanager', sink) };
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

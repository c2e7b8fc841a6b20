import type { IngestMeasurement } from './scenarios/ingest.ts';
import type { BurstMeasurement, DelayMeasurement } from './scenarios/notifications.ts';
import type { QueryMeasurement, QueryName } from './scenarios/queries.ts';
import type { LoadedDelayMeasurement } from './scenarios/responsiveness.ts';

/** Queries and event-loop probes at one number of active alerts. */
export interface ScaleResults {
  alerts: number;
  queries: Partial<Record<QueryName, QueryMeasurement>>;
  /** Absent when the server could not answer the list within the cap. */
  probeIdle?: LoadedDelayMeasurement;
  probeDuringList?: LoadedDelayMeasurement;
}

/** Everything measured on one server. */
export interface ServerResults {
  /** From empty to 10,000 alerts. */
  ingestSmall: IngestMeasurement;
  /** From 10,000 to 100,000 alerts (full run). */
  ingestLarge?: IngestMeasurement;
  reingest: IngestMeasurement;
  memory: { rssMiB: number; peakMiB: number };
  memoryAfterReingest: { rssMiB: number; peakMiB: number };
  /** After every query and probe on the main server. */
  memoryAtEnd: { rssMiB: number; peakMiB: number };
  listWithoutSilences?: QueryMeasurement;
  silencesPerSecond: number;
  small: ScaleResults;
  large?: ScaleResults;
  steady: DelayMeasurement;
  burst: BurstMeasurement;
  /** Probes while one group of many alerts is notified to PagerDuty. */
  largeGroup?: LoadedDelayMeasurement;
}

export type Target = { kind: 'advantage'; min: number } | { kind: 'below'; max: number };

interface Row {
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  value: (r: ServerResults) => number | undefined;
  /** True when the value is only a lower bound (the request was abandoned at the cap). */
  censored?: (r: ServerResults) => boolean;
  target?: Target;
}

export interface ReportRow {
  label: string;
  unit: string;
  tocsin: number | undefined;
  alertmanager: number | undefined;
  /** How many times better Tocsin is (>1: better), whichever direction is better. */
  advantage: number | undefined;
  /** Which values are lower bounds (abandoned at the cap); the advantage is then a bound too. */
  censored: { tocsin: boolean; alertmanager: boolean };
  target: Target | undefined;
  pass: boolean | undefined;
  /** Over several rounds: the least and greatest advantage of one round. */
  advantageRange?: readonly [number, number];
}

function scaleRows(label: string, scale: (r: ServerResults) => ScaleResults | undefined): Row[] {
  const query = (name: QueryName) => (r: ServerResults) => scale(r)?.queries[name]?.medianMs;
  const censored = (name: QueryName) => (r: ServerResults) => scale(r)?.queries[name]?.timedOut === true;
  const faster = { kind: 'advantage', min: 3 } as const;
  return [
    { label: `${label}: GET /alerts (all), median`, unit: 'ms', better: 'lower', value: query('list'), censored: censored('list'), target: faster },
    { label: `${label}: GET /alerts?filter=alertname=`, unit: 'ms', better: 'lower', value: query('filterEqual'), censored: censored('filterEqual'), target: faster },
    { label: `${label}: GET /alerts?filter=alertname=~`, unit: 'ms', better: 'lower', value: query('filterRegex'), censored: censored('filterRegex'), target: faster },
    { label: `${label}: GET /alerts/groups, median`, unit: 'ms', better: 'lower', value: query('groups'), censored: censored('groups'), target: faster },
    { label: `${label}: probe delay p99, idle`, unit: 'ms', better: 'lower', value: (r) => scale(r)?.probeIdle?.delayMs.p99 },
    { label: `${label}: probe delay p99 during GET /alerts`, unit: 'ms', better: 'lower', value: (r) => scale(r)?.probeDuringList?.delayMs.p99, target: { kind: 'below', max: 100 } },
    { label: `${label}: probe delay max during GET /alerts`, unit: 'ms', better: 'lower', value: (r) => scale(r)?.probeDuringList?.delayMs.max },
  ];
}

function rows(alerts: number): Row[] {
  const k = `${alerts / 1000}k`;
  return [
    { label: 'ingest 0 → 10k alerts', unit: 'alerts/s', better: 'higher', value: (r) => r.ingestSmall.perSecond, target: { kind: 'advantage', min: 2 } },
    { label: 'ingest 10k → 100k alerts', unit: 'alerts/s', better: 'higher', value: (r) => r.ingestLarge?.perSecond, target: { kind: 'advantage', min: 2 } },
    { label: `re-ingest ${k} (new endsAt)`, unit: 'alerts/s', better: 'higher', value: (r) => r.reingest.perSecond, target: { kind: 'advantage', min: 2 } },
    { label: 'server CPU per alert, 0 → 10k', unit: 'µs', better: 'lower', value: (r) => r.ingestSmall.cpuMicrosPerAlert },
    { label: 'server CPU per alert, 10k → 100k', unit: 'µs', better: 'lower', value: (r) => r.ingestLarge?.cpuMicrosPerAlert },
    { label: `server CPU per alert, re-ingest ${k}`, unit: 'µs', better: 'lower', value: (r) => r.reingest.cpuMicrosPerAlert },
    { label: 'Tocsin main thread per alert, 0 → 10k', unit: 'µs', better: 'lower', value: (r) => r.ingestSmall.mainThreadMicrosPerAlert },
    { label: 'Tocsin main thread per alert, 10k → 100k', unit: 'µs', better: 'lower', value: (r) => r.ingestLarge?.mainThreadMicrosPerAlert },
    { label: `Tocsin main thread per alert, re-ingest ${k}`, unit: 'µs', better: 'lower', value: (r) => r.reingest.mainThreadMicrosPerAlert },
    { label: '/-/healthy p99 during ingest', unit: 'ms', better: 'lower', value: (r) => (r.ingestLarge ?? r.ingestSmall).healthyMs.p99 },
    { label: '/-/healthy max during ingest', unit: 'ms', better: 'lower', value: (r) => (r.ingestLarge ?? r.ingestSmall).healthyMs.max },
    { label: `RSS after ingesting ${k}`, unit: 'MiB', better: 'lower', value: (r) => r.memory.rssMiB, target: { kind: 'advantage', min: 2 } },
    { label: `RSS after re-ingest ${k}`, unit: 'MiB', better: 'lower', value: (r) => r.memoryAfterReingest.rssMiB },
    { label: 'RSS after all queries', unit: 'MiB', better: 'lower', value: (r) => r.memoryAtEnd.rssMiB },
    { label: 'peak RSS (VmHWM)', unit: 'MiB', better: 'lower', value: (r) => r.memoryAtEnd.peakMiB },
    { label: '10k: GET /alerts, no silences yet', unit: 'ms', better: 'lower', value: (r) => r.listWithoutSilences?.medianMs },
    { label: 'create 1,000 silences', unit: 'silences/s', better: 'higher', value: (r) => r.silencesPerSecond },
    ...scaleRows('10k', (r) => r.small),
    ...scaleRows(k, (r) => r.large),
    { label: 'notifications, burst', unit: 'notif/s', better: 'higher', value: (r) => r.burst.perSecond, target: { kind: 'advantage', min: 1 } },
    { label: 'burst: delay after timer p50', unit: 'ms', better: 'lower', value: (r) => r.burst.delayMs.p50 },
    { label: 'burst: delay after timer p99', unit: 'ms', better: 'lower', value: (r) => r.burst.delayMs.p99 },
    { label: 'steady 200/s: delay after timer p50', unit: 'ms', better: 'lower', value: (r) => r.steady.delayMs.p50 },
    { label: 'steady 200/s: delay after timer p99', unit: 'ms', better: 'lower', value: (r) => r.steady.delayMs.p99, target: { kind: 'below', max: 100 } },
    { label: 'probe delay p99 during a large group to PagerDuty', unit: 'ms', better: 'lower', value: (r) => r.largeGroup?.delayMs.p99, target: { kind: 'below', max: 100 } },
  ];
}

function judge(target: Target | undefined, tocsin: number | undefined, advantage: number | undefined): boolean | undefined {
  if (target === undefined || tocsin === undefined || Number.isNaN(tocsin)) return undefined;
  if (target.kind === 'below') return tocsin < target.max;
  return advantage === undefined || Number.isNaN(advantage) ? undefined : advantage >= target.min;
}

function describe(target: Target | undefined): string | undefined {
  if (target === undefined) return undefined;
  return target.kind === 'below' ? `< ${target.max}` : `≥ ${target.min}×`;
}

export function buildRows(alerts: number, tocsin: ServerResults, alertmanager: ServerResults | undefined): ReportRow[] {
  return rows(alerts)
    .filter((row) => row.value(tocsin) !== undefined)
    .map((row) => {
      const t = row.value(tocsin);
      const a = alertmanager === undefined ? undefined : row.value(alertmanager);
      const censored = { tocsin: row.censored?.(tocsin) === true, alertmanager: alertmanager !== undefined && row.censored?.(alertmanager) === true };
      const advantage = t === undefined || a === undefined ? undefined : row.better === 'higher' ? t / a : a / t;
      // A censored Tocsin time only bounds the advantage from above: no PASS from it.
      const pass = censored.tocsin ? (row.target === undefined ? undefined : false) : judge(row.target, t, advantage);
      return { label: row.label, unit: row.unit, tocsin: t, alertmanager: a, advantage, censored, target: row.target, pass };
    });
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function defined(values: readonly (number | undefined)[]): number[] {
  return values.filter((v): v is number => v !== undefined && !Number.isNaN(v));
}

/**
 * Rows of several rounds (each a side-by-side run) as one: each value and each round's advantage
 * by their median, with the advantage's range; a target is judged on the median round's ratio.
 */
export function combineRounds(rounds: readonly (readonly ReportRow[])[]): ReportRow[] {
  const first = rounds[0] ?? [];
  return first.map((row) => {
    const same = rounds.map((round) => round.find((r) => r.label === row.label));
    const advantages = defined(same.map((r) => r?.advantage));
    const tocsin = median(defined(same.map((r) => r?.tocsin)));
    const advantage = median(advantages);
    const censored = { tocsin: same.some((r) => r?.censored.tocsin === true), alertmanager: same.some((r) => r?.censored.alertmanager === true) };
    const pass = censored.tocsin ? (row.target === undefined ? undefined : false) : judge(row.target, tocsin, advantage);
    return {
      ...row,
      tocsin,
      alertmanager: median(defined(same.map((r) => r?.alertmanager))),
      advantage,
      censored,
      pass,
      ...(advantages.length > 1 ? { advantageRange: [Math.min(...advantages), Math.max(...advantages)] as const } : {}),
    };
  });
}

function format(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '—';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(Math.abs(n) >= 10 ? 1 : 2);
}

export function renderTable(reportRows: readonly ReportRow[]): string {
  const ranges = reportRows.some((r) => r.advantageRange !== undefined);
  const header = ['metric', 'unit', 'Tocsin', 'Alertmanager', 'advantage', ...(ranges ? ['rounds'] : []), 'target', 'check'];
  const body = reportRows.map((r) => [
    r.label,
    r.unit,
    `${r.censored.tocsin ? '>' : ''}${format(r.tocsin)}`,
    `${r.censored.alertmanager ? '>' : ''}${format(r.alertmanager)}`,
    r.advantage === undefined ? '—' : `${r.censored.alertmanager ? '≥' : r.censored.tocsin ? '≤' : ''}${format(r.advantage)}×`,
    ...(ranges ? [r.advantageRange === undefined ? '' : `${format(r.advantageRange[0])}–${format(r.advantageRange[1])}×`] : []),
    describe(r.target) ?? '',
    r.pass === undefined ? (r.target === undefined ? '' : 'n/a') : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

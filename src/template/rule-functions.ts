/**
 * Prometheus's alerting-rule template functions (`template.NewTemplateExpander`) and the expansion
 * of rule labels and annotations with `$labels`, `$externalLabels`, `$externalURL` and `$value`
 * (`rules/alerting.go`).
 */
import { isIP } from 'node:net';
import { TemplateSet, arity, declareMap, declareStruct, goTypeName, queryEscape, sprintf } from './engine/index.ts';
import type { TemplateFunc } from './engine/index.ts';
import { safeHtml } from './engine/html/content.ts';
import { parseDuration as parsePromDuration } from '../common/duration.ts';
import { argString, convertToFloat } from './func-args.ts';
import { goMatchString, goReplaceAllString, mustCompile } from './go-regexp.ts';
import { goTitle, goToLower, goToUpper } from './go-strings.ts';
import { GoDuration, GoTime } from './go-time.ts';
import { humanizeDuration } from './functions.ts';

/** A query result sample (Prometheus's `*template.sample`). */
export class Sample {
  constructor(
    readonly Labels: Readonly<Record<string, string>>,
    readonly Value: unknown,
  ) {}
}
declareStruct(Sample, '*template.sample', ['Labels', 'Value']);

/** Options of the rule-template functions. */
export interface RuleFunctionOptions {
  /** Evaluation time (`now`, and the time of `query`). */
  readonly evalTime: Date;
  /** The `--web.external-url` ("" when unset). */
  readonly externalURL: string;
  /** Runs an instant PromQL query; without it `query` fails. */
  readonly query?: (q: string, at: Date) => Sample[];
}

function argSample(v: unknown): Sample {
  if (v instanceof Sample) return v;
  throw new Error(`wrong type for value; expected *template.sample; got ${goTypeName(v)}`);
}

function argSamples(v: unknown): Sample[] {
  if (Array.isArray(v) && v.every((s) => s instanceof Sample)) return v as Sample[];
  throw new Error(`wrong type for value; expected template.queryResult; got ${goTypeName(v)}`);
}

/** Go's net.SplitHostPort, or undefined when it fails. */
export function splitHostPort(hostPort: string): [string, string] | undefined {
  const i = hostPort.lastIndexOf(':');
  if (i < 0) return undefined;
  let host: string;
  if (hostPort[0] === '[') {
    const end = hostPort.indexOf(']');
    if (end < 0 || end + 1 !== i) return undefined;
    host = hostPort.slice(1, end);
    if (host.includes('[') || host.includes(']')) return undefined;
  } else {
    host = hostPort.slice(0, i);
    if (host.includes(':') || host.includes('[') || host.includes(']')) return undefined;
  }
  const port = hostPort.slice(i + 1);
  if (port.includes('[') || port.includes(']')) return undefined;
  return [host, port];
}

const joinHostPort = (host: string, port: string): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

function floatToTime(v: number): GoTime {
  if (!Number.isFinite(v)) throw new Error('value is NaN or Inf');
  const ns = v * 1e9;
  // Go compares with math.MaxInt64 / MinInt64 converted to float64, i.e. ±2^63.
  if (ns > 2 ** 63 || ns < -(2 ** 63)) {
    throw new Error(`${sprintf('%v', [v])} cannot be represented as a nanoseconds timestamp since it overflows int64`);
  }
  // model.TimeFromUnixNano keeps milliseconds.
  const ms = BigInt(Math.trunc(ns)) / 1_000_000n;
  return GoTime.fromUnixNano(ms * 1_000_000n);
}

function humanize(i: unknown): string {
  let v = convertToFloat(i);
  if (v === 0 || !Number.isFinite(v)) return sprintf('%.4g', [v]);
  let prefix = '';
  if (Math.abs(v) >= 1) {
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
  } else {
    for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
      if (Math.abs(v) >= 1) break;
      prefix = p;
      v *= 1000;
    }
  }
  return sprintf('%.4g%s', [v, prefix]);
}

function humanize1024(i: unknown): string {
  let v = convertToFloat(i);
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return sprintf('%.4g', [v]);
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return sprintf('%.4g%s', [v, prefix]);
}

function humanizeTimestamp(i: unknown): string {
  const v = convertToFloat(i);
  if (!Number.isFinite(v)) return sprintf('%.4g', [v]);
  return floatToTime(v).String();
}

/** Prometheus's model.ParseDurationAllowNegative in float seconds, with its error messages. */
function parseDurationSeconds(d: string): number {
  const neg = d.startsWith('-');
  const s = neg ? d.slice(1) : d;
  let ms: number;
  try {
    ms = parsePromDuration(s);
  } catch (e) {
    const reason = /: (.*)$/.exec((e as Error).message)?.[1] ?? '';
    const unit = /^unknown unit (".*")$/.exec(reason);
    if (unit !== null) throw new Error(`unknown unit ${unit[1]} in duration ${JSON.stringify(s)}`);
    if (reason === 'empty duration string' || reason === 'duration out of range') throw new Error(reason);
    throw new Error(`not a valid duration string: ${JSON.stringify(s)}`);
  }
  return (neg ? -ms : ms) / 1000;
}

/** The function map of Prometheus rule templates. */
export function ruleFunctions(opts: RuleFunctionOptions): Record<string, TemplateFunc> {
  const external = opts.externalURL;
  return {
    query: arity((q: unknown) => {
      if (opts.query === undefined) throw new Error('query is not available');
      return opts.query(argString(q), opts.evalTime);
    }, 1),
    first: arity((v: unknown) => {
      const list = argSamples(v);
      if (list.length === 0) throw new Error('first() called on vector with no elements');
      return list[0];
    }, 1),
    label: arity((label: unknown, s: unknown) => argSample(s).Labels[argString(label)] ?? '', 2),
    value: arity((s: unknown) => argSample(s).Value, 1),
    strvalue: arity((s: unknown) => argSample(s).Labels.__value__ ?? '', 1),
    args: (...args: unknown[]) => Object.fromEntries(args.map((a, i) => [`arg${i}`, a])),
    reReplaceAll: arity(
      (pattern: unknown, repl: unknown, text: unknown) =>
        goReplaceAllString(mustCompile(argString(pattern)), argString(text), argString(repl)),
      3,
    ),
    safeHtml: arity((s: unknown) => safeHtml(argString(s)), 1),
    match: arity((pattern: unknown, s: unknown) => goMatchString(argString(pattern), argString(s)), 2),
    title: arity((s: unknown) => goTitle(argString(s), true), 1),
    toUpper: arity((s: unknown) => goToUpper(argString(s)), 1),
    toLower: arity((s: unknown) => goToLower(argString(s)), 1),
    graphLink: arity((expr: unknown) => `/graph?g0.expr=${queryEscape(argString(expr))}&g0.tab=0`, 1),
    tableLink: arity((expr: unknown) => `/graph?g0.expr=${queryEscape(argString(expr))}&g0.tab=1`, 1),
    sortByLabel: arity((label: unknown, v: unknown) => {
      const l = argString(label);
      const list = argSamples(v);
      const sorted = [...list].sort((a, b) => {
        const x = a.Labels[l] ?? '';
        const y = b.Labels[l] ?? '';
        return x < y ? -1 : x > y ? 1 : 0;
      });
      list.splice(0, list.length, ...sorted);
      return list;
    }, 2),
    stripPort: arity((hostPort: unknown) => splitHostPort(argString(hostPort))?.[0] ?? argString(hostPort), 1),
    stripDomain: arity((hostPort: unknown) => {
      const hp = argString(hostPort);
      const split = splitHostPort(hp);
      const host = split?.[0] ?? hp;
      const port = split?.[1] ?? '';
      if (isIP(host) !== 0) return hp;
      const short = host.split('.')[0] as string;
      return port !== '' ? joinHostPort(short, port) : short;
    }, 1),
    humanize: arity(humanize, 1),
    humanize1024: arity(humanize1024, 1),
    humanizeDuration: arity(humanizeDuration, 1),
    humanizePercentage: arity((i: unknown) => sprintf('%.4g%%', [convertToFloat(i) * 100]), 1),
    humanizeTimestamp: arity(humanizeTimestamp, 1),
    toTime: arity((i: unknown) => floatToTime(convertToFloat(i)), 1),
    toDuration: arity((i: unknown) => new GoDuration(BigInt(Math.trunc(convertToFloat(i) * 1e9))), 1),
    now: arity(() => opts.evalTime.getTime() / 1000, 0),
    pathPrefix: arity(() => urlPath(external), 0),
    externalURL: arity(() => external, 0),
    parseDuration: arity((d: unknown) => parseDurationSeconds(argString(d)), 1),
    urlQueryEscape: arity((s: unknown) => queryEscape(argString(s)), 1),
  };
}

/** A Go `map[string]string` (a missing key reads as ""). */
class StringMap {}
declareMap(StringMap, 'map[string]string', '');

function stringMap(rec: Readonly<Record<string, string>>): StringMap {
  const m = new StringMap();
  for (const k of Object.keys(rec)) Object.defineProperty(m, k, { value: rec[k], enumerable: true });
  return m;
}

/** The path of a URL as Go's url.URL.Path ("" when the URL has none). */
function urlPath(text: string): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(text);
  const raw = m?.[1] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Prometheus's AlertTemplateData: the dot of rule label and annotation templates. */
export class AlertTemplateData {
  readonly Labels: StringMap;
  readonly ExternalLabels: StringMap;

  constructor(
    labels: Readonly<Record<string, string>>,
    externalLabels: Readonly<Record<string, string>>,
    readonly ExternalURL: string,
    readonly Value: unknown,
  ) {
    this.Labels = stringMap(labels);
    this.ExternalLabels = stringMap(externalLabels);
  }
}
declareStruct(AlertTemplateData, 'struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }', [
  'Labels', 'ExternalLabels', 'ExternalURL', 'Value',
]);

/** Inputs of `expandRuleTemplate`. */
export interface RuleTemplateInput {
  readonly labels: Readonly<Record<string, string>>;
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** The external URL as a string (also the `externalURL` function's value). */
  readonly externalURL?: string;
  /** The sample value (float64). */
  readonly value: number;
  /** The rule name: templates are named `__alert_<name>` in errors. */
  readonly ruleName?: string;
  readonly evalTime?: Date;
  readonly query?: RuleFunctionOptions['query'];
}

const DEFS = '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

/**
 * Expands one rule label or annotation template as Prometheus's alerting rule does: the variable
 * definitions prepended, `missingkey=zero`, and on failure the text
 * `<error expanding template: ...>` instead of a result.
 */
export function expandRuleTemplate(text: string, input: RuleTemplateInput): string {
  const name = `__alert_${input.ruleName ?? ''}`;
  const urlText = input.externalURL ?? '';
  const set = new TemplateSet({
    funcs: ruleFunctions({ evalTime: input.evalTime ?? new Date(), externalURL: urlText, query: input.query }),
    missingKey: 'zero',
  });
  const data = new AlertTemplateData(input.labels, input.externalLabels ?? {}, urlText, input.value);
  try {
    set.parse(name, DEFS + text);
  } catch (e) {
    return `<error expanding template: error parsing template ${name}: ${(e as Error).message}>`;
  }
  try {
    return set.execute(name, data);
  } catch (e) {
    return `<error expanding template: error executing template ${name}: ${(e as Error).message}>`;
  }
}

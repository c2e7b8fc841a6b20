/**
 * Alertmanager's template data (`template.Data`, `Alert`, `KV`, `Pairs`, `Strings`) as Go values
 * for the template engine, and the builder that assembles it for a notification.
 */
import { forEachSliced } from '../common/sliced-loop.ts';
import { declareMap, declareSlice, declareStruct } from './engine/index.ts';
import { compareStrings } from './engine/values.ts';
import { GoTime } from './go-time.ts';
import { fingerprint } from '../labels/label-set.ts';

/** Go's strings.Join for a string list. */
function joinStrings(list: readonly string[], sep: string): string {
  return list.join(sep);
}

/**
 * Turns a plain array into an instance of an Array subclass. Building a plain array and swapping
 * its prototype is several times faster in V8 than constructing the subclass and pushing.
 */
function asSlice<T, S extends T[]>(arr: T[], ctor: abstract new (...args: never[]) => S): S {
  return Object.setPrototypeOf(arr, ctor.prototype) as S;
}

function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) if ((s.charCodeAt(i) & 0xf800) === 0xd800) return true;
  return false;
}

/** `template.Strings`: a string list with `Join`. */
export class Strings extends Array<string> {
  /** Strings.Join(sep). */
  Join(sep: string): string {
    if (typeof sep !== 'string') throw new Error('wrong type for value; expected string');
    return joinStrings(this, sep);
  }
}
declareSlice(Strings, 'template.Strings');

/** `template.Pair`. */
export class Pair {
  constructor(
    readonly Name: string,
    readonly Value: string,
  ) {}
}
declareStruct(Pair, 'template.Pair', ['Name', 'Value']);

/** `template.Pairs`: a list of pairs with `Names`, `Values` and `String`. */
export class Pairs extends Array<Pair> {
  Names(): Strings {
    const s: string[] = [];
    for (let i = 0; i < this.length; i++) s.push((this[i] as Pair).Name);
    return asSlice(s, Strings);
  }

  Values(): Strings {
    const s: string[] = [];
    for (let i = 0; i < this.length; i++) s.push((this[i] as Pair).Value);
    return asSlice(s, Strings);
  }

  /** `a=b, c=d`. */
  String(): string {
    return Array.from(this, (p) => `${p.Name}=${p.Value}`).join(', ');
  }
}
declareSlice(Pairs, 'template.Pairs');

/** `template.KV`: a `map[string]string` with Alertmanager's methods. Entries are own properties. */
export class KV {
  /** SortedPairs(): `alertname` first, then the other names in byte order. */
  SortedPairs(): Pairs {
    const keys = Object.keys(this);
    const rest: string[] = [];
    let wide = false;
    for (const k of keys) {
      if (k === 'alertname') continue;
      rest.push(k);
      wide ||= hasSurrogate(k);
    }
    // UTF-16 order is byte order unless surrogate pairs are involved.
    if (wide) rest.sort(compareStrings);
    else rest.sort();
    const out: Pair[] = [];
    if (rest.length !== keys.length) out.push(new Pair('alertname', kvGet(this, 'alertname')));
    for (const k of rest) out.push(new Pair(k, kvGet(this, k)));
    return asSlice(out, Pairs);
  }

  /** Remove(keys): a copy without the given keys. */
  Remove(keys: readonly string[]): KV {
    if (!Array.isArray(keys)) throw new Error('wrong type for value; expected []string');
    const drop = new Set(keys);
    const out = new KV();
    for (const k of Object.keys(this)) if (!drop.has(k)) kvSet(out, k, kvGet(this, k));
    return out;
  }

  Names(): Strings {
    return this.SortedPairs().Names();
  }

  Values(): Strings {
    return this.SortedPairs().Values();
  }

  String(): string {
    return this.SortedPairs().String();
  }
}
declareMap(KV, 'template.KV', '');

function kvGet(kv: KV, k: string): string {
  return (kv as unknown as Record<string, string>)[k] as string;
}

// defineProperty so that names such as "__proto__" are ordinary entries.
function kvSet(kv: KV, k: string, v: string): void {
  Object.defineProperty(kv, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A KV from a plain record (or another KV). */
export function toKV(rec: Readonly<Record<string, string>> | undefined): KV {
  const kv = new KV();
  if (rec !== undefined) for (const k of Object.keys(rec)) kvSet(kv, k, String(rec[k]));
  return kv;
}

/** The entries of a KV as a plain record. */
export function kvRecord(kv: KV): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(kv)) Object.defineProperty(out, k, { value: kvGet(kv, k), enumerable: true, writable: true, configurable: true });
  return out;
}

/** `template.Alert`. */
export class Alert {
  constructor(
    readonly Status: string,
    readonly Labels: KV,
    readonly Annotations: KV,
    readonly StartsAt: GoTime,
    readonly EndsAt: GoTime,
    readonly GeneratorURL: string,
    readonly Fingerprint: string,
  ) {}

  /** JSON as Go's struct tags name the fields. */
  toJSON(): Record<string, unknown> {
    return {
      status: this.Status,
      labels: this.Labels,
      annotations: this.Annotations,
      startsAt: this.StartsAt,
      endsAt: this.EndsAt,
      generatorURL: this.GeneratorURL,
      fingerprint: this.Fingerprint,
    };
  }
}
declareStruct(Alert, 'template.Alert', ['Status', 'Labels', 'Annotations', 'StartsAt', 'EndsAt', 'GeneratorURL', 'Fingerprint']);

/** `template.Alerts` with `Firing()` and `Resolved()`. */
export class Alerts extends Array<Alert> {
  Firing(): Alert[] {
    return this.withStatus('firing');
  }

  Resolved(): Alert[] {
    return this.withStatus('resolved');
  }

  // A plain loop: Array methods on a subclass build subclass instances (slowly), Go returns []Alert.
  private withStatus(status: string): Alert[] {
    const out: Alert[] = [];
    for (let i = 0; i < this.length; i++) {
      const a = this[i] as Alert;
      if (a.Status === status) out.push(a);
    }
    return out;
  }
}
declareSlice(Alerts, 'template.Alerts');

/** An `Alerts` list of the given alerts. */
export function toAlerts(list: Alert[]): Alerts {
  return asSlice(list, Alerts);
}

/** Fields of `template.Data` (Alertmanager 0.34). */
export interface DataFields {
  readonly Receiver: string;
  readonly Status: string;
  readonly Alerts: Alerts;
  readonly NotificationReason: string;
  readonly GroupLabels: KV;
  readonly CommonLabels: KV;
  readonly CommonAnnotations: KV;
  readonly RouteLabels: KV;
  readonly ExternalURL: string;
}

/** `template.Data`, the dot of notification templates. */
export class Data implements DataFields {
  readonly Receiver: string;
  readonly Status: string;
  readonly Alerts: Alerts;
  readonly NotificationReason: string;
  readonly GroupLabels: KV;
  readonly CommonLabels: KV;
  readonly CommonAnnotations: KV;
  readonly RouteLabels: KV;
  readonly ExternalURL: string;

  constructor(f: DataFields) {
    this.Receiver = f.Receiver;
    this.Status = f.Status;
    this.Alerts = f.Alerts;
    this.NotificationReason = f.NotificationReason;
    this.GroupLabels = f.GroupLabels;
    this.CommonLabels = f.CommonLabels;
    this.CommonAnnotations = f.CommonAnnotations;
    this.RouteLabels = f.RouteLabels;
    this.ExternalURL = f.ExternalURL;
  }

  /** JSON as Go's struct tags name the fields (the webhook body core). */
  toJSON(): Record<string, unknown> {
    return {
      receiver: this.Receiver,
      status: this.Status,
      alerts: this.Alerts,
      notification_reason: this.NotificationReason,
      groupLabels: this.GroupLabels,
      commonLabels: this.CommonLabels,
      commonAnnotations: this.CommonAnnotations,
      routeLabels: this.RouteLabels,
      externalURL: this.ExternalURL,
    };
  }
}
declareStruct(Data, 'template.Data', [
  'Receiver', 'Status', 'Alerts', 'NotificationReason', 'GroupLabels', 'CommonLabels', 'CommonAnnotations',
  'RouteLabels', 'ExternalURL',
]);

const renderedRouteLabels = new WeakSet<Data>();

/** Marks the data's RouteLabels as already rendered: `routeLabels` then returns them verbatim. */
export function markRouteLabelsRendered(d: Data): void {
  renderedRouteLabels.add(d);
}

/** Whether `markRouteLabelsRendered` was called for `d`. */
export function routeLabelsRendered(d: Data): boolean {
  return renderedRouteLabels.has(d);
}

/** One alert as the notification pipeline holds it. */
export interface AlertInput {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly startsAt: GoTime | Date;
  /** Zero/absent when unknown. */
  readonly endsAt?: GoTime | Date;
  readonly generatorURL?: string;
  /** Computed from the labels when absent. */
  readonly fingerprint?: string;
}

/** Inputs of `buildTemplateData`, as Alertmanager's `Template.Data(recv, groupLabels, routeLabels, reason, alerts...)`. */
export interface TemplateDataInput {
  readonly receiver: string;
  readonly groupLabels: Readonly<Record<string, string>>;
  readonly alerts: readonly AlertInput[];
  readonly externalURL: string;
  readonly routeLabels?: Readonly<Record<string, string>>;
  readonly notificationReason?: string;
  /** The evaluation instant deciding firing vs resolved. */
  readonly now: GoTime | Date;
}

const toGoTime = (t: GoTime | Date | undefined): GoTime =>
  t === undefined ? GoTime.zero() : t instanceof GoTime ? t : GoTime.fromMillis(t.getTime());

const META = /[\\.+*?()|[\]{}^$]/;
const META_ALL = new RegExp(META.source, 'g');

/** Go's regexp.QuoteMeta. Receiver names rarely hold a metacharacter, so test before replacing. */
export function quoteMeta(s: string): string {
  return META.test(s) ? s.replace(META_ALL, '\\$&') : s;
}

/**
 * Assembles template data exactly as Alertmanager's `Template.Data`: receiver escaped with QuoteMeta,
 * alert status from `endsAt` vs `now`, `EndsAt` zeroed for unresolved alerts, common labels and
 * annotations as the pairs shared by every alert.
 */
export function buildTemplateData(input: TemplateDataInput): Data {
  const builder = new TemplateDataBuilder(input);
  for (const a of input.alerts) builder.add(a);
  return builder.finish();
}

/**
 * `buildTemplateData` with the alerts converted a slice of the event loop's time at a time: for a
 * group of 10,000 alerts that takes tens of milliseconds.
 */
export async function buildTemplateDataInSlices(input: TemplateDataInput): Promise<Data> {
  const builder = new TemplateDataBuilder(input);
  await forEachSliced(input.alerts.length, (i) => builder.add(input.alerts[i] as AlertInput));
  return builder.finish();
}

/** Template data built an alert at a time, in the order of `input.alerts`. */
class TemplateDataBuilder {
  readonly #input: TemplateDataInput;
  readonly #now: GoTime;
  readonly #alerts: Alert[] = [];
  #anyFiring = false;

  constructor(input: TemplateDataInput) {
    this.#input = input;
    this.#now = toGoTime(input.now);
  }

  add(a: AlertInput): void {
    const endsAt = toGoTime(a.endsAt);
    const resolved = !endsAt.IsZero() && !endsAt.After(this.#now);
    this.#anyFiring ||= !resolved;
    this.#alerts.push(new Alert(
      resolved ? 'resolved' : 'firing',
      toKV(a.labels),
      toKV(a.annotations),
      toGoTime(a.startsAt),
      resolved ? endsAt : GoTime.zero(),
      a.generatorURL ?? '',
      a.fingerprint ?? fingerprint(a.labels),
    ));
  }

  finish(): Data {
    const input = this.#input;
    const common = (pick: (a: AlertInput) => Readonly<Record<string, string>> | undefined): KV => {
      const first = input.alerts[0];
      if (first === undefined) return new KV();
      const out = toKV(pick(first));
      for (const a of input.alerts.slice(1)) {
        const rec = pick(a) ?? {};
        for (const k of Object.keys(out)) {
          // Go compares with the map's zero value, so a missing key equals an empty value.
          const other = Object.prototype.hasOwnProperty.call(rec, k) ? rec[k] : '';
          if (other !== kvGet(out, k)) delete (out as unknown as Record<string, string>)[k];
        }
      }
      return out;
    };
    return new Data({
      Receiver: quoteMeta(input.receiver),
      Status: this.#anyFiring ? 'firing' : 'resolved',
      Alerts: toAlerts(this.#alerts),
      NotificationReason: input.notificationReason ?? '',
      GroupLabels: toKV(input.groupLabels),
      CommonLabels: common((a) => a.labels),
      CommonAnnotations: common((a) => a.annotations),
      RouteLabels: toKV(input.routeLabels),
      ExternalURL: input.externalURL,
    });
  }
}

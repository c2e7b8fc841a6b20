import type { RelativeClock } from './relative-clock.ts';

export type LabelSet = Record<string, string>;

/** A closed window of scenario seconds in which a notification is expected. */
export interface Interval {
  readonly from: number;
  readonly to: number;
}

export function between(from: number, to: number): Interval {
  return { from, to };
}

/**
 * An alertmanager.yml with one webhook receiver, grouped by alertname, whose groups flush once
 * (group_wait 1s) and not again within a scenario: a long group_interval, whose flush deadline
 * (max(group_interval, 10s)) also bounds retries.
 */
export function oneFlushConfig(url: string): string {
  return `
route:
  receiver: default
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1m
  repeat_interval: 1h
receivers:
- name: default
  webhook_configs:
  - url: '${url}'
`;
}

/** Relative times; 0 means "not set", so `active(-100)` sends no startsAt (as upstream). */
export class TestAlert {
  readonly labels: LabelSet;
  readonly annotations: LabelSet = {};
  startsAt = 0;
  endsAt = 0;

  constructor(labels: LabelSet) {
    this.labels = labels;
  }

  annotate(...keyValues: string[]): this {
    Object.assign(this.annotations, pairs(keyValues));
    return this;
  }

  active(start: number, end?: number): this {
    this.startsAt = start;
    this.endsAt = end ?? 0;
    return this;
  }

  /** The `postableAlert` body: only positive times are sent, as Alertmanager's harness does. */
  toPostable(clock: RelativeClock): Record<string, unknown> {
    const body: Record<string, unknown> = { labels: this.labels };
    if (Object.keys(this.annotations).length > 0) body['annotations'] = this.annotations;
    if (this.startsAt > 0) body['startsAt'] = iso(clock, this.startsAt);
    if (this.endsAt > 0) body['endsAt'] = iso(clock, this.endsAt);
    return body;
  }

  toString(): string {
    return `${formatLabels(this.labels)}${formatLabels(this.annotations, 'ann')}[${this.startsAt || '-'}:${this.endsAt || ''}]`;
  }
}

/** `alert('alertname', 'test', 'job', 'x')`: an alert with these identifying labels. */
export function alert(...keyValues: string[]): TestAlert {
  return new TestAlert(pairs(keyValues));
}

export class TestSilence {
  id: string | undefined;
  readonly #matchers: { name: string; value: string; isRegex: boolean }[] = [];
  readonly #startsAt: number;
  readonly #endsAt: number;

  constructor(startsAt: number, endsAt: number) {
    this.#startsAt = startsAt;
    this.#endsAt = endsAt;
  }

  match(name: string, value: string): this {
    this.#matchers.push({ name, value, isRegex: false });
    return this;
  }

  matchRE(name: string, value: string): this {
    this.#matchers.push({ name, value, isRegex: true });
    return this;
  }

  /** The `postableSilence` body; isEqual is omitted (defaults to true), as upstream. */
  toPostable(clock: RelativeClock): Record<string, unknown> {
    const body: Record<string, unknown> = {
      matchers: this.#matchers,
      comment: 'some comment',
      createdBy: 'admin@example.com',
    };
    if (this.#startsAt > 0) body['startsAt'] = iso(clock, this.#startsAt);
    if (this.#endsAt > 0) body['endsAt'] = iso(clock, this.#endsAt);
    return body;
  }
}

/** A silence active over the relative window [start, end]. */
export function silence(start: number, end: number): TestSilence {
  return new TestSilence(start, end);
}

export function formatLabels(labels: LabelSet, prefix = ''): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return prefix === '' ? '{}' : '';
  return `${prefix}{${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

function pairs(keyValues: readonly string[]): LabelSet {
  if (keyValues.length % 2 !== 0) throw new TypeError(`odd number of label keys and values: ${keyValues.join(', ')}`);
  const out: LabelSet = {};
  for (let i = 0; i < keyValues.length; i += 2) out[keyValues[i] as string] = keyValues[i + 1] as string;
  return out;
}

function iso(clock: RelativeClock, t: number): string {
  return new Date(clock.absolute(t)).toISOString();
}

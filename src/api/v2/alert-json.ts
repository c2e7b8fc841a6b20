import type { Alert } from '../../alerts/alert.ts';
import { formatSwaggerDateTime } from './go-time.ts';
import { goJsonString, labelSetJson, stringArrayJson } from './json-out.ts';

/** The muting part of an alert's status: active silences and the inhibiting alert. */
export interface ApiAlertStatus {
  readonly silencedBy: readonly string[];
  readonly inhibitedBy: readonly string[];
}

const NOTHING: readonly string[] = [];

// An alert's whole JSON as last rendered, with the offsets of the parts that vary per request:
// `json` = head + receivers + middle + status + tail.
interface RenderedAlert {
  readonly json: string;
  readonly receivers: string;
  readonly status: string;
  readonly headEnd: number;
  readonly middleEnd: number;
}

// Stored alerts are immutable and their status rarely changes, so the last rendering is cached
// for as long as the alert lives: listing 100k unchanged alerts then copies no strings at all.
const renderCache = new WeakMap<Alert, RenderedAlert>();

function render(alert: Alert, receivers: string, status: string): RenderedAlert {
  const head =
    `{"annotations":${labelSetJson(alert.annotations)},"endsAt":"${formatSwaggerDateTime(alert.endsAt)}",` +
    `"fingerprint":"${alert.fingerprint}","receivers":`;
  const middle = `,"startsAt":"${formatSwaggerDateTime(alert.startsAt)}","status":`;
  const tail =
    `,"updatedAt":"${formatSwaggerDateTime(alert.updatedAt)}"` +
    (alert.generatorURL === '' ? '' : `,"generatorURL":${goJsonString(alert.generatorURL)}`) +
    `,"labels":${labelSetJson(alert.labels)}}`;
  return assemble(head, receivers, middle, status, tail);
}

function assemble(head: string, receivers: string, middle: string, status: string, tail: string): RenderedAlert {
  return {
    json: head + receivers + middle + status + tail,
    receivers,
    status,
    headEnd: head.length,
    middleEnd: head.length + receivers.length + middle.length,
  };
}

const ACTIVE_STATUS = '{"inhibitedBy":[],"mutedBy":[],"silencedBy":[],"state":"active"}';

/**
 * The `alertStatus` JSON: `suppressed` when silenced, inhibited or muted by the time intervals
 * in `mutedBy` (groups only), else `active`.
 */
export function alertStatusJson(status: ApiAlertStatus, mutedBy: readonly string[] = NOTHING): string {
  const { silencedBy, inhibitedBy } = status;
  if (silencedBy.length === 0 && inhibitedBy.length === 0 && mutedBy.length === 0) return ACTIVE_STATUS;
  return (
    `{"inhibitedBy":${stringArrayJson(inhibitedBy)},"mutedBy":${stringArrayJson(mutedBy)},` +
    `"silencedBy":${stringArrayJson(silencedBy)},"state":"suppressed"}`
  );
}

/** `[{"name":"a"},…]`, the `receivers` of a gettable alert. */
export function receiversJson(names: readonly string[]): string {
  return `[${names.map((n) => `{"name":${goJsonString(n)}}`).join(',')}]`;
}

/**
 * A `gettableAlert` as Alertmanager 0.34 writes it (fields in Go's order, `generatorURL`
 * omitted when empty), given its receivers' JSON and its status JSON.
 */
export function gettableAlertJson(alert: Alert, receivers: string, status: string): string {
  const cached = renderCache.get(alert);
  if (cached !== undefined && cached.receivers === receivers && cached.status === status) return cached.json;
  let rendered: RenderedAlert;
  if (cached === undefined) {
    rendered = render(alert, receivers, status);
  } else {
    const { json, headEnd, middleEnd } = cached;
    const middleStart = headEnd + cached.receivers.length;
    const tailStart = middleEnd + cached.status.length;
    rendered = assemble(json.slice(0, headEnd), receivers, json.slice(middleStart, middleEnd), status, json.slice(tailStart));
  }
  renderCache.set(alert, rendered);
  return rendered.json;
}

import { Buffer } from 'node:buffer';
import type { Alert } from '../../alerts/alert.ts';
import { goJsonString } from '../../common/go-json-string.ts';
import { formatSwaggerDateTime } from './go-time.ts';
import { labelSetJson, stringArrayJson } from './json-out.ts';

/** The muting part of an alert's status: active silences and the inhibiting alert. */
export interface ApiAlertStatus {
  readonly silencedBy: readonly string[];
  readonly inhibitedBy: readonly string[];
}

const NOTHING: readonly string[] = [];

// An alert's whole JSON as last rendered, in UTF-8, with the byte offsets of the parts that vary
// per request: `json` = head + receivers + middle + status + tail.
interface RenderedAlert {
  readonly json: Buffer;
  readonly receivers: string;
  readonly status: string;
  readonly headEnd: number;
  readonly middleEnd: number;
}

// Stored alerts are immutable and their status rarely changes, so the last rendering is cached
// for as long as the alert lives: listing 100k unchanged alerts then only copies bytes. It costs
// about 1 KiB per alert, worth it while listings repeat, so an idle process drops it.
let renderCache = new WeakMap<Alert, RenderedAlert>();

/** Drops the cached renderings; the next listing renders again. */
export function forgetRenderedAlerts(): void {
  renderCache = new WeakMap();
}

function render(alert: Alert, receivers: string, status: string): RenderedAlert {
  const head =
    `{"annotations":${labelSetJson(alert.annotations)},"endsAt":"${formatSwaggerDateTime(alert.endsAt)}",` +
    `"fingerprint":"${alert.fingerprint}","receivers":`;
  const middle = `,"startsAt":"${formatSwaggerDateTime(alert.startsAt)}","status":`;
  const tail =
    `,"updatedAt":"${formatSwaggerDateTime(alert.updatedAt)}"` +
    (alert.generatorURL === '' ? '' : `,"generatorURL":${goJsonString(alert.generatorURL)}`) +
    `,"labels":${labelSetJson(alert.labels)}}`;
  const headEnd = Buffer.byteLength(head);
  return {
    json: Buffer.from(head + receivers + middle + status + tail),
    receivers,
    status,
    headEnd,
    middleEnd: headEnd + Buffer.byteLength(receivers) + Buffer.byteLength(middle),
  };
}

/** The cached rendering with other receivers and status, reusing its bytes for the rest. */
function rerender(cached: RenderedAlert, receivers: string, status: string): RenderedAlert {
  const { json, headEnd, middleEnd } = cached;
  const middle = json.subarray(headEnd + Buffer.byteLength(cached.receivers), middleEnd);
  const receiverBytes = Buffer.from(receivers);
  return {
    json: Buffer.concat([
      json.subarray(0, headEnd),
      receiverBytes,
      middle,
      Buffer.from(status),
      json.subarray(middleEnd + Buffer.byteLength(cached.status)),
    ]),
    receivers,
    status,
    headEnd,
    middleEnd: headEnd + receiverBytes.length + middle.length,
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
 * omitted when empty) in UTF-8, given its receivers' JSON and its status JSON.
 */
export function gettableAlertJson(alert: Alert, receivers: string, status: string): Buffer {
  const cached = renderCache.get(alert);
  if (cached !== undefined && cached.receivers === receivers && cached.status === status) return cached.json;
  const rendered = cached === undefined ? render(alert, receivers, status) : rerender(cached, receivers, status);
  renderCache.set(alert, rendered);
  return rendered.json;
}

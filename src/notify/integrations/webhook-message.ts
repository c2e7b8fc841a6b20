import { ByteWriter } from '../../common/byte-writer.ts';
import { writeGoJsonString } from '../../common/json-string-writer.ts';
import { forEachSliced } from '../../common/sliced-loop.ts';
import { writeGoJsonTime, writeGoStringMap } from '../go-json.ts';
import type { NotificationAlert, NotificationData } from '../notification-data.ts';

/** The webhook's protocol version; incident.io sends the same message with its own. */
const WEBHOOK_MESSAGE_VERSION = '4';

const COMMA = 0x2c;

// Small messages are built synchronously, one at a time: one buffer serves them all.
const writer = new ByteWriter(4096);

/** A message of more alerts is written in slices, into a buffer of its own. */
const SHARED_WRITER_ALERTS = 256;

/**
 * The webhook body (Alertmanager 0.34 `webhook.Message`): the template data plus `version`,
 * `groupKey` and `truncatedAlerts`, with Go's key order and escaping and the trailing newline of
 * `json.Encoder`, in UTF-8. A large group's message comes as a promise: its alerts are written a
 * slice per turn of the event loop.
 */
export function webhookMessage(
  data: NotificationData,
  groupKey: string,
  truncatedAlerts: number,
  version = WEBHOOK_MESSAGE_VERSION,
): Buffer | Promise<Buffer> {
  const { alerts } = data;
  const finish = (w: ByteWriter): Buffer => writeTail(w, data, groupKey, truncatedAlerts, version);
  if (alerts.length <= SHARED_WRITER_ALERTS) {
    writer.reset();
    writeHead(writer, data);
    for (let i = 0; i < alerts.length; i++) writeAlertAt(writer, alerts, i);
    return finish(writer);
  }
  const own = new ByteWriter(alerts.length * 512);
  writeHead(own, data);
  const written = forEachSliced(alerts.length, (i) => writeAlertAt(own, alerts, i));
  return written === undefined ? finish(own) : written.then(() => finish(own));
}

function writeHead(w: ByteWriter, data: NotificationData): void {
  w.text('{"receiver":');
  writeGoJsonString(w, data.receiver);
  w.text(',"status":"');
  w.text(data.status);
  w.text('","alerts":[');
}

function writeAlertAt(w: ByteWriter, alerts: readonly NotificationAlert[], i: number): void {
  if (i > 0) w.byte(COMMA);
  writeAlert(w, alerts[i] as NotificationAlert);
}

function writeTail(w: ByteWriter, data: NotificationData, groupKey: string, truncatedAlerts: number, version: string): Buffer {
  w.text('],"notification_reason":');
  writeGoJsonString(w, data.notificationReason);
  w.text(',"groupLabels":');
  writeGoStringMap(w, data.groupLabels);
  w.text(',"commonLabels":');
  writeGoStringMap(w, data.commonLabels);
  w.text(',"commonAnnotations":');
  writeGoStringMap(w, data.commonAnnotations);
  w.text(',"routeLabels":');
  writeGoStringMap(w, data.routeLabels);
  w.text(',"externalURL":');
  writeGoJsonString(w, data.externalURL);
  w.text(',"version":');
  writeGoJsonString(w, version);
  w.text(',"groupKey":');
  writeGoJsonString(w, groupKey);
  w.text(',"truncatedAlerts":');
  w.number(truncatedAlerts);
  w.text('}\n');
  return w.toBuffer();
}

function writeAlert(w: ByteWriter, a: NotificationAlert): void {
  w.text('{"status":"');
  w.text(a.status);
  w.text('","labels":');
  writeGoStringMap(w, a.labels);
  w.text(',"annotations":');
  writeGoStringMap(w, a.annotations);
  w.text(',"startsAt":');
  writeGoJsonTime(w, a.startsAt);
  w.text(',"endsAt":');
  writeGoJsonTime(w, a.endsAt);
  w.text(',"generatorURL":');
  writeGoJsonString(w, a.generatorURL);
  w.text(',"fingerprint":');
  writeGoJsonString(w, a.fingerprint);
  w.text('}');
}

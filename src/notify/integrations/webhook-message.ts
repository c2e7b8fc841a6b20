import { ByteWriter } from '../../common/byte-writer.ts';
import { writeGoJsonString } from '../../common/json-string-writer.ts';
import { writeGoJsonTime, writeGoStringMap } from '../go-json.ts';
import type { NotificationAlert, NotificationData } from '../notification-data.ts';

/** The webhook's protocol version; incident.io sends the same message with its own. */
const WEBHOOK_MESSAGE_VERSION = '4';

const COMMA = 0x2c;

// Messages are built one at a time, synchronously: one buffer serves them all.
const writer = new ByteWriter(4096);

/**
 * The webhook body (Alertmanager 0.34 `webhook.Message`): the template data plus `version`,
 * `groupKey` and `truncatedAlerts`, with Go's key order and escaping and the trailing newline of
 * `json.Encoder`, in UTF-8.
 */
export function webhookMessage(data: NotificationData, groupKey: string, truncatedAlerts: number, version = WEBHOOK_MESSAGE_VERSION): Buffer {
  const w = writer;
  w.reset();
  w.text('{"receiver":');
  writeGoJsonString(w, data.receiver);
  w.text(',"status":"');
  w.text(data.status);
  w.text('","alerts":[');
  for (let i = 0; i < data.alerts.length; i++) {
    if (i > 0) w.byte(COMMA);
    writeAlert(w, data.alerts[i] as NotificationAlert);
  }
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

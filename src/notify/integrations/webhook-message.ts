import { goJsonEscape } from '../../common/go-json-string.ts';
import { goJsonTime, jsonStringMap } from '../go-json.ts';
import type { NotificationData } from '../notification-data.ts';

const str = JSON.stringify;

/**
 * The webhook body (Alertmanager 0.34 `webhook.Message`, protocol version "4"): the template data
 * plus `version`, `groupKey` and `truncatedAlerts`, with Go's key order and escaping and the
 * trailing newline of `json.Encoder`.
 */
export function webhookMessage(data: NotificationData, groupKey: string, truncatedAlerts: number): string {
  let alerts = '';
  for (let i = 0; i < data.alerts.length; i++) {
    const a = data.alerts[i] as NotificationData['alerts'][number];
    if (i > 0) alerts += ',';
    alerts +=
      `{"status":"${a.status}","labels":${jsonStringMap(a.labels)},` +
      `"annotations":${jsonStringMap(a.annotations)},"startsAt":${goJsonTime(a.startsAt)},` +
      `"endsAt":${goJsonTime(a.endsAt)},"generatorURL":${str(a.generatorURL)},"fingerprint":${str(a.fingerprint)}}`;
  }
  const json =
    `{"receiver":${str(data.receiver)},"status":"${data.status}","alerts":[${alerts}],` +
    `"notification_reason":${str(data.notificationReason)},` +
    `"groupLabels":${jsonStringMap(data.groupLabels)},"commonLabels":${jsonStringMap(data.commonLabels)},` +
    `"commonAnnotations":${jsonStringMap(data.commonAnnotations)},"routeLabels":${jsonStringMap(data.routeLabels)},` +
    `"externalURL":${str(data.externalURL)},"version":"4","groupKey":${str(groupKey)},` +
    `"truncatedAlerts":${truncatedAlerts}}`;
  return `${goJsonEscape(json)}\n`;
}

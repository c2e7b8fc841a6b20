// Both servers get the same YAML. Group timers of the main config are long so that notification
// work does not overlap the ingest and query measurements, except for the probe route, whose 1 s
// group_wait makes delivery delay observable while the server is under load.

export const PROBE_GROUP_WAIT_MS = 1_000;
export const STEADY_GROUP_WAIT_MS = 1_000;
export const BURST_GROUP_WAIT_MS = 5_000;
export const LARGE_GROUP_WAIT_MS = 1_000;

function webhook(name: string, sinkUrl: string): string {
  return `  - name: ${name}\n    webhook_configs:\n      - url: ${sinkUrl}/${name}\n        send_resolved: false\n`;
}

/** Realistic routing: a default group_by, a paging route that continues, team routes, an inhibit rule. */
export function mainConfig(sinkUrl: string): string {
  return `global:
  resolve_timeout: 5m
route:
  receiver: default
  group_by: [alertname, namespace]
  group_wait: 10m
  group_interval: 10m
  repeat_interval: 4h
  routes:
    - receiver: probe
      matchers: ['probe="true"']
      group_by: [alertname, instance]
      group_wait: ${PROBE_GROUP_WAIT_MS}ms
    - receiver: pager
      matchers: ['severity="critical"']
      continue: true
    - receiver: team
      matchers: ['team=~"team-[0-4]"']
      group_by: [alertname, namespace, team]
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [alertname, instance]
receivers:
${['default', 'probe', 'pager', 'team'].map((name) => webhook(name, sinkUrl)).join('')}`;
}

/**
 * One group per alert (group_by instance), short group_wait: every alert becomes a notification.
 * Alerts named LargeGroup form one group, notified to PagerDuty (its default details render all
 * of them), while probe groups measure how long the server took to get to its timers meanwhile.
 */
export function notifyConfig(sinkUrl: string): string {
  return `route:
  receiver: steady
  group_by: [alertname, instance]
  group_wait: ${STEADY_GROUP_WAIT_MS}ms
  group_interval: 10m
  repeat_interval: 4h
  routes:
    - receiver: burst
      matchers: ['alertname="Burst"']
      group_wait: ${BURST_GROUP_WAIT_MS}ms
    - receiver: probe
      matchers: ['probe="true"']
      group_wait: ${PROBE_GROUP_WAIT_MS}ms
    - receiver: large
      matchers: ['alertname="LargeGroup"']
      group_by: [alertname]
      group_wait: ${LARGE_GROUP_WAIT_MS}ms
receivers:
${['steady', 'burst', 'probe'].map((name) => webhook(name, sinkUrl)).join('')}  - name: large
    pagerduty_configs:
      - routing_key: bench
        url: ${sinkUrl}/large
        send_resolved: false
`;
}

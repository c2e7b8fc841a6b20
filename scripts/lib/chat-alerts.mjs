// The alerts the chat and messaging captures post (and the tests of those integrations send).
export const CHAT_ALERTS = [
  {
    labels: { alertname: 'A1', instance: 'i1', severity: 'warning' },
    annotations: { summary: 's <b>&', description: 'line1\nline2 \u2028 é' },
    generatorURL: 'http://prom.example/graph?g0.expr=up&x=<1>',
    startsAt: '2026-11-21T00:29:41.451Z',
  },
  {
    labels: { alertname: 'A1', instance: 'i2', severity: 'warning' },
    annotations: { summary: 's <b>&' },
    startsAt: '2026-11-21T00:29:40Z',
    endsAt: '2026-11-21T00:30:00.5Z',
  },
];

// The route and receiver every chat and messaging capture config starts with; the integration
// configs follow, indented under the receiver.
export const CHAT_CONFIG_HEAD = `route:
  receiver: chat
  group_by: [alertname]
  group_wait: 1s
receivers:
  - name: chat
`;

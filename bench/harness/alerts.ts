// Alerts shaped like Prometheus sends them: a few hundred bytes of labels and annotations,
// endsAt four minutes ahead (4 × the 1 m resend delay), re-sent unchanged except for endsAt.

export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
}

export const ALERT_NAMES = 100;

export function instanceOf(i: number): string {
  return `host-${i}:9100`;
}

export function fleetAlert(i: number, startsAt: number, endsAt: number): PostableAlert {
  return {
    labels: {
      alertname: `Alert${i % ALERT_NAMES}`,
      instance: instanceOf(i),
      job: `job-${i % 20}`,
      namespace: `ns-${Math.floor(i / ALERT_NAMES) % 20}`,
      severity: i % 10 === 0 ? 'critical' : 'warning',
      team: `team-${i % 10}`,
    },
    annotations: {
      summary: `Instance ${instanceOf(i)} of job-${i % 20} is misbehaving`,
      description: 'The condition has held for more than 5 minutes. See the runbook for the usual causes.',
      runbook_url: `https://runbooks.example.com/Alert${i % ALERT_NAMES}`,
    },
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    generatorURL: `http://prometheus:9090/graph?g0.expr=up%3D%3D0&g0.tab=1&i=${i}`,
  };
}

/** JSON bodies of `batchSize` alerts each for alerts [from, to). */
export function fleetBatches(from: number, to: number, batchSize: number, startsAt: number, endsAt: number): string[] {
  const bodies: string[] = [];
  for (let i = from; i < to; i += batchSize) {
    const batch: PostableAlert[] = [];
    for (let j = i; j < Math.min(to, i + batchSize); j++) batch.push(fleetAlert(j, startsAt, endsAt));
    bodies.push(JSON.stringify(batch));
  }
  return bodies;
}

/**
 * `count` silences, each muting one of `alerts` fleet alerts (spread evenly), so 1,000 silences
 * mute 1 % of 100,000 alerts; every tenth uses a regex matcher.
 */
export function silenceBodies(count: number, alerts: number, now: number): string[] {
  const step = Math.max(1, Math.floor(alerts / count));
  return Array.from({ length: count }, (_, k) => {
    const i = k * step;
    const instance =
      k % 10 === 0
        ? { name: 'instance', value: `${instanceOf(i)}|${instanceOf(i + 1)}`, isRegex: true, isEqual: true }
        : { name: 'instance', value: instanceOf(i), isRegex: false, isEqual: true };
    return JSON.stringify({
      matchers: [{ name: 'job', value: `job-${i % 20}`, isRegex: false, isEqual: true }, instance],
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 2 * 3_600_000).toISOString(),
      createdBy: 'tocsin-bench',
      comment: `maintenance of ${instanceOf(i)}`,
    });
  });
}

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/**
 * Epoch milliseconds of a Go RFC 3339 timestamp (nanosecond fractions allowed), or undefined for
 * Go's zero time `0001-01-01T00:00:00Z`, which Alertmanager sends as the endsAt of firing alerts.
 */
export function parseGoTime(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (m === null) throw new SyntaxError(`Cannot parse timestamp ${JSON.stringify(text)}: not RFC 3339`);
  const [, year, month, day, hour, minute, second, fraction = '', zone] = m;
  if (year === '0001' && month === '01' && day === '01') return undefined;
  const millis = `${fraction}000`.slice(0, 3);
  return Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${zone}`);
}

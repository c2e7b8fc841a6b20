/**
 * Go's zero `time.Time` (`0001-01-01T00:00:00Z`) in epoch milliseconds. Alertmanager clients send
 * it to mean "unset" (the webhook even shows it for firing alerts), so ingest treats it, and
 * anything before it, as absent.
 */
export const GO_ZERO_TIME_MS = -62_135_596_800_000;

/** True when `ms` is absent or Go's zero time, i.e. the field was not set. */
export function isUnsetTime(ms: number | undefined): ms is undefined {
  return ms === undefined || ms <= GO_ZERO_TIME_MS;
}

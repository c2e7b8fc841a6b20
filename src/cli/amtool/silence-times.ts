/** Start and end times of `silence add` and `silence update`, parsed as amtool parses them. */
import { tryParseDuration } from '../../common/duration.ts';
import { GoDuration } from '../../template/go-time.ts';
import type { GoTime } from '../../template/go-time.ts';
import { parseRfc3339 } from './api-time.ts';
import { CliError } from './kingpin.ts';

/** `--start`/`--end`: RFC 3339. @throws {CliError} with Go's time.Parse message. */
export function flagTime(s: string): GoTime {
  try {
    return parseRfc3339(s);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** `start + duration` for `-d` (a Prometheus duration that must not be zero). */
export function endAfter(start: GoTime, duration: string): GoTime {
  const ms = tryParseDuration(duration);
  if (ms === undefined) throw new CliError(`not a valid duration string: ${JSON.stringify(duration)}`);
  if (ms === 0) throw new CliError('silence duration must be greater than 0');
  return start.UTC().Add(new GoDuration(BigInt(ms) * 1_000_000n));
}

/** @throws {CliError} when the silence would start after it ends. */
export function checkOrder(start: GoTime, end: GoTime): void {
  if (start.After(end)) throw new CliError('silence cannot start after it ends');
}

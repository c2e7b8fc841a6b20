import type { Silence } from '../../silences/silence.ts';
import { currentSilenceState } from '../../silences/silence.ts';
import { formatSwaggerDateTime } from './go-time.ts';
import { goJsonString } from '../../common/go-json-string.ts';

/**
 * A `gettableSilence` as Alertmanager writes it: `id`, `status` (the API's state at `now`),
 * `updatedAt`, then the silence fields in Go's order (`annotations` omitted, as none are stored).
 */
export function gettableSilenceJson(s: Silence, now: number): string {
  const matchers = s.matchers
    .map((m) => `{"isEqual":${m.isEqual},"isRegex":${m.isRegex},"name":${goJsonString(m.name)},"value":${goJsonString(m.value)}}`)
    .join(',');
  return (
    `{"id":${goJsonString(s.id)},"status":{"state":"${currentSilenceState(s, now)}"},` +
    `"updatedAt":"${formatSwaggerDateTime(s.updatedAt)}","comment":${goJsonString(s.comment)},` +
    `"createdBy":${goJsonString(s.createdBy)},"endsAt":"${formatSwaggerDateTime(s.endsAt)}",` +
    `"matchers":[${matchers}],"startsAt":"${formatSwaggerDateTime(s.startsAt)}"}`
  );
}

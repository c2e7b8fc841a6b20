import { ingestAlert } from '../../alerts/ingest.ts';
import type { Alert } from '../../alerts/alert.ts';
import { isUnsetTime } from '../../alerts/timestamps.ts';
import type { ApiRequest, ApiResponse } from './api-request.ts';
import { messageResponse } from './api-request.ts';
import { decodePostableAlerts } from './decode-alerts.ts';
import { SwaggerError } from './swagger-error.ts';

/**
 * `POST /api/v2/alerts`: decodes the batch (go-swagger's 400/422 answers), counts each alert as
 * firing or resolved, ingests them with `src/alerts/ingest.ts` (defaults, empty labels dropped,
 * validation), stores the valid ones even when others fail, and answers 400 with the joined
 * validation errors when any failed, else 200 with no body.
 */
export async function postAlerts(req: ApiRequest): Promise<ApiResponse | SwaggerError> {
  const { deps } = req;
  const posted = decodePostableAlerts(req.body ?? new Uint8Array());
  if (posted instanceof SwaggerError) return posted;

  const now = deps.clock.now();
  const resolveTimeoutMs = deps.current().config.global?.resolve_timeout ?? 5 * 60_000;
  const valid: Alert[] = [];
  const errors: string[] = [];
  for (const input of posted) {
    // Counted before validation, on the defaulted endsAt, as Alertmanager does.
    const endsAt = isUnsetTime(input.endsAt) ? now + resolveTimeoutMs : input.endsAt;
    deps.metrics.received.labels(endsAt > now ? 'firing' : 'resolved', 'v2').inc();
    const result = ingestAlert(input, { now, resolveTimeoutMs, labelNameMode: deps.matcherMode });
    if (result.ok) {
      valid.push(result.alert);
    } else {
      errors.push(result.error);
      deps.metrics.invalid.labels('v2').inc();
    }
  }
  if (valid.length > 0) {
    try {
      await deps.alerts.put(valid);
    } catch (err) {
      deps.logger.error('Failed to create alerts', { err: (err as Error).message });
      return messageResponse(500, (err as Error).message);
    }
  }
  if (errors.length > 0) {
    deps.logger.error('Failed to validate alerts', { err: errors.join('\n') });
    // 0.34 joins with errors.Join (newlines); 0.25 joined with "; ".
    return messageResponse(400, errors.join('\n'));
  }
  return { status: 200 };
}

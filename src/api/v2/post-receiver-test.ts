import { defaultTestAlert, testReceiver } from '../../notify/receiver-test.ts';
import type { TestAlertInput } from '../../notify/receiver-test.ts';
import type { ApiRequest, ApiResponse } from './api-request.ts';
import { jsonResponse, messageResponse } from './api-request.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

class BodyError extends Error {}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(obj: { [key: string]: Json }, allowed: readonly string[], path: string): void {
  const unknown = Object.keys(obj).find((k) => !allowed.includes(k));
  if (unknown !== undefined) throw new BodyError(`${path}: unknown field ${JSON.stringify(unknown)}`);
}

function stringMap(v: Json | undefined, path: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new BodyError(`${path} must be an object of strings`);
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== 'string') throw new BodyError(`${path}.${k} must be a string`);
  }
  return v as Record<string, string>;
}

function time(v: Json | undefined, path: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw new BodyError(`${path} must be an RFC 3339 date-time, got ${JSON.stringify(v)}`);
  return ms;
}

function alertOf(v: Json, path: string): TestAlertInput {
  if (!isObject(v)) throw new BodyError(`${path} must be an object`);
  onlyKeys(v, ['labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL'], path);
  const labels = stringMap(v['labels'], `${path}.labels`);
  if (labels === undefined || Object.keys(labels).length === 0) throw new BodyError(`${path}.labels: at least one label pair required`);
  const generatorURL = v['generatorURL'];
  if (generatorURL !== undefined && typeof generatorURL !== 'string') throw new BodyError(`${path}.generatorURL must be a string`);
  return {
    labels,
    annotations: stringMap(v['annotations'], `${path}.annotations`),
    startsAt: time(v['startsAt'], `${path}.startsAt`),
    endsAt: time(v['endsAt'], `${path}.endsAt`),
    generatorURL,
  };
}

/** The alerts a request body asks for: `{alerts: [...]}`, or `{labels, annotations}` over the default. */
function testAlerts(body: Uint8Array | undefined): TestAlertInput[] {
  const text = body === undefined ? '' : Buffer.from(body).toString('utf8').trim();
  if (text === '') return [defaultTestAlert()];
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch (err) {
    throw new BodyError(`body is not JSON: ${(err as Error).message}`);
  }
  if (!isObject(parsed)) throw new BodyError('body must be a JSON object');
  onlyKeys(parsed, ['alerts', 'labels', 'annotations'], 'body');
  const { alerts } = parsed;
  if (alerts === undefined || alerts === null) {
    return [defaultTestAlert(stringMap(parsed['labels'], 'labels'), stringMap(parsed['annotations'], 'annotations'))];
  }
  if (parsed['labels'] !== undefined || parsed['annotations'] !== undefined) {
    throw new BodyError('give either alerts or labels/annotations, not both');
  }
  if (!Array.isArray(alerts) || alerts.length === 0) throw new BodyError('alerts must be a non-empty array');
  return alerts.map((a, i) => alertOf(a, `alerts[${i}]`));
}

/**
 * `POST /api/v2/receivers/{name}/test` (Tocsin's addition): sends one notification through each
 * integration of the named receiver of the running configuration, bypassing grouping, silences,
 * inhibition and dedup, and answers 200 with `[{integration, status, error?, durationMs}]`.
 * 404 for an unknown receiver, 400 for a bad body, 500 when the receiver cannot be built.
 */
export async function postReceiverTest(req: ApiRequest): Promise<ApiResponse> {
  const receiver = req.param;
  let alerts: TestAlertInput[];
  try {
    alerts = testAlerts(req.body);
  } catch (err) {
    if (err instanceof BodyError) return messageResponse(400, err.message);
    throw err;
  }
  let integrations;
  try {
    integrations = req.deps.current().integrations?.(receiver);
  } catch (err) {
    return messageResponse(500, `receiver ${JSON.stringify(receiver)} cannot be tested: ${(err as Error).message}`);
  }
  if (integrations === undefined) return messageResponse(404, `receiver ${JSON.stringify(receiver)} not found`);
  const results = await testReceiver({ receiver, integrations, alerts, now: req.deps.clock.now() });
  req.deps.logger.debug('receiver tested', { receiver, results: results.map((r) => `${r.integration}=${r.status}`).join(',') });
  return jsonResponse(200, JSON.stringify(results));
}

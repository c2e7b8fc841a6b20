import type { Alert } from '../../alerts/alert.ts';
import { isResolved } from '../../alerts/alert.ts';
import type { OpsGenieConfig } from '../../config/types.ts';
import { goJsonString } from '../../common/go-json-string.ts';
import { checkHttpStatus } from '../http-status.ts';
import { buildNotificationData } from '../notification-data.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { sendRequest } from './http-request.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { integrationRuntime } from './integration-deps.ts';
import { goStringMap, goStruct, groupKeyHash, joinUrl, omitEmpty } from './ops-support.ts';
import { readSecretFile } from './secret-file.ts';
import { TextRenderer, templateInput } from './text-renderer.ts';
import { truncateInRunes } from './truncate.ts';

const MAX_MESSAGE_RUNES = 130;
const BY_ALIAS = { identifierType: 'alias' };

interface OpsgenieRequest {
  readonly method: 'POST' | 'PUT';
  readonly url: string;
  readonly body: string;
}

/**
 * OpsGenie (Alertmanager 0.34 `notify/opsgenie`): creates an alert whose alias is sha256(group
 * key) with `POST <api_url>v2/alerts`, then, with `update_alerts`, rewrites its message and
 * description by alias; a resolved group closes the alert by alias. The key goes in
 * `Authorization: GenieKey <key>`. 429 and 5xx are retried.
 */
export class OpsgenieNotifier implements Notifier {
  readonly #config: OpsGenieConfig;
  readonly #rt: IntegrationRuntime;

  constructor(config: OpsGenieConfig, deps: IntegrationDeps) {
    this.#config = config;
    this.#rt = integrationRuntime(deps, config.http_config, deps.logger);
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const requests = await this.#createRequests(ctx, alerts);
    for (const req of requests.list) {
      const res = await sendRequest(this.#rt.http, this.#rt.userAgent, req.url, {
        method: req.method,
        headers: { 'content-type': 'application/json', authorization: `GenieKey ${requests.apiKey}` },
        body: req.body,
        signal: ctx.signal,
      });
      const failure = checkHttpStatus(res.statusCode, res.body, { retryCodes: [429] });
      if (failure !== undefined) throw failure;
    }
  }

  async #createRequests(ctx: NotificationContext, alerts: readonly Alert[]): Promise<{ list: OpsgenieRequest[]; apiKey: string }> {
    const c = this.#config;
    const input = templateInput(ctx, this.#rt.externalURL, alerts);
    const renderer = new TextRenderer(this.#rt.templates, input);
    const { render } = renderer;
    const details: Record<string, string> = { ...buildNotificationData(input, alerts).commonLabels };
    for (const [k, v] of Object.entries(c.details ?? {})) details[k] = render(v);

    const alias = groupKeyHash(ctx.flush.groupKey);
    const base = c.api_url ?? '';
    const list: OpsgenieRequest[] = [];
    if (alerts.every((a) => isResolved(a, ctx.flush.now))) {
      list.push({
        method: 'POST',
        url: joinUrl(base, `v2/alerts/${alias}/close`, BY_ALIAS),
        body: `${goStruct([['source', goJsonString(render(c.source))]])}\n`,
      });
    } else {
      const [message, truncated] = truncateInRunes(render(c.message), MAX_MESSAGE_RUNES);
      if (truncated) this.#rt.logger.warn({ alert: ctx.flush.groupKey, max_runes: MAX_MESSAGE_RUNES }, 'Truncated message');
      const description = render(c.description);
      const responders = this.#responders(render);
      const tags = safeSplit(render(c.tags), ',');
      const body = goStruct([
        ['alias', goJsonString(alias)],
        ['message', goJsonString(message)],
        ['description', omitEmpty(description)],
        ['details', goStringMap(details)],
        ['source', goJsonString(render(c.source))],
        ['responders', responders.length === 0 ? undefined : `[${responders.join(',')}]`],
        ['tags', stringList(tags)],
        ['note', omitEmpty(render(c.note))],
        ['priority', omitEmpty(render(c.priority))],
        ['entity', omitEmpty(render(c.entity))],
        ['actions', stringList(safeSplit(render(c.actions), ','))],
      ]);
      list.push({ method: 'POST', url: joinUrl(base, 'v2/alerts'), body: `${body}\n` });
      if (c.update_alerts) {
        list.push(
          {
            method: 'PUT',
            url: joinUrl(base, `v2/alerts/${alias}/message`, BY_ALIAS),
            body: `${goStruct([['message', omitEmpty(message)]])}\n`,
          },
          {
            method: 'PUT',
            url: joinUrl(base, `v2/alerts/${alias}/description`, BY_ALIAS),
            body: `${goStruct([['description', omitEmpty(description)]])}\n`,
          },
        );
      }
    }

    const inline = c.api_key?.reveal() ?? '';
    let apiKey: string;
    if (inline !== '') apiKey = render(inline);
    // The file's content is rendered before it is trimmed.
    else apiKey = render(await readSecretFile(c.api_key_file, 'read key_file error', false)).trim();
    renderer.throwIfFailed('templating error');
    return { list, apiKey };
  }

  // Rendered responders; all-empty ones are dropped, `teams` expands into one `team` per name.
  #responders(render: (text: string) => string): string[] {
    const out: string[] = [];
    for (const r of this.#config.responders ?? []) {
      const responder = { id: render(r.id), name: render(r.name), username: render(r.username), type: render(r.type) };
      if (responder.id === '' && responder.name === '' && responder.username === '' && responder.type === '') continue;
      if (responder.type === 'teams') {
        for (const team of safeSplit(responder.name, ',')) out.push(responderJson({ id: '', name: render(team), username: '', type: render('team') }));
        continue;
      }
      out.push(responderJson(responder));
    }
    return out;
  }
}

interface Responder {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  readonly type: string;
}

function responderJson(r: Responder): string {
  return goStruct([
    ['id', omitEmpty(r.id)],
    ['name', omitEmpty(r.name)],
    ['username', omitEmpty(r.username)],
    ['type', goJsonString(r.type)],
  ]);
}

// Go's safeSplit: the trimmed string split on sep, empty parts dropped (parts are not trimmed).
function safeSplit(s: string, sep: string): string[] {
  return s.trim().split(sep).filter((x) => x !== '');
}

function stringList(items: readonly string[]): string | undefined {
  return items.length === 0 ? undefined : `[${items.map((s) => goJsonString(s)).join(',')}]`;
}

/** Builds the notifier of one `opsgenie_configs` entry. */
export function createOpsgenieNotifier(config: OpsGenieConfig, deps: IntegrationDeps): Notifier {
  return new OpsgenieNotifier(config, deps);
}

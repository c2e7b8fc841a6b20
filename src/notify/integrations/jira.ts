import type { Alert } from '../../alerts/alert.ts';
import { isResolved } from '../../alerts/alert.ts';
import type { JiraConfig } from '../../config/types.ts';
import { compareGoStrings } from '../../labels/go-string.ts';
import { goJsonString } from '../../common/go-json-string.ts';
import { checkHttpStatus } from '../http-status.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { compactJson, goQuote, isApiV3, issueBody, joinApiPath, searchBody, searchJql, searchUrl, transitionBody } from './jira-request.ts';
import { sendRequest } from './http-request.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { integrationRuntime } from './integration-deps.ts';
import { groupKeyHash } from './ops-support.ts';
import type { TextRenderer } from './text-renderer.ts';
import { notificationRenderer } from './text-renderer.ts';
import { truncateInRunes } from './truncate.ts';

const MAX_SUMMARY_RUNES = 255;
const MAX_DESCRIPTION_RUNES = 32_767;
const HEADERS = { 'content-type': 'application/json', 'accept-language': 'en' };

/** The part of a found issue the notifier uses. */
interface FoundIssue {
  readonly key: string;
  readonly statusCategory: string | undefined;
}

/**
 * Jira (Alertmanager 0.34 `notify/jira`, added in 0.28). Each notification searches the project
 * for the group's issue by its `ALERT{sha256(group key)}` label, then creates one (never for a
 * resolved group) or updates it (`summary`/`description` only with `enable_update`, the default),
 * and finally moves it with `resolve_transition` when resolved or `reopen_transition` when a done
 * issue fires again. Requests carry `Accept-Language: en`; auth comes from `http_config`. 429 and
 * 5xx are retried.
 */
export class JiraNotifier implements Notifier {
  readonly #config: JiraConfig;
  readonly #rt: IntegrationRuntime;

  constructor(config: JiraConfig, deps: IntegrationDeps) {
    this.#config = config;
    this.#rt = integrationRuntime(deps, config.http_config, deps.logger);
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const hash = groupKeyHash(ctx.flush.groupKey);
    const renderer = notificationRenderer(this.#rt, ctx, alerts);
    const firing = alerts.some((a) => !isResolved(a, ctx.flush.now));

    const existing = await this.#search(ctx, renderer, hash, firing);
    if (existing === undefined && !firing) return;
    const body = this.#issueBody(ctx, renderer, hash, existing !== undefined);
    const path = existing === undefined ? 'issue' : `issue/${existing.key}`;
    const method = existing === undefined ? 'POST' : 'PUT';
    try {
      await this.#request(ctx, method, joinApiPath(this.#apiUrl(), path), body);
    } catch (error) {
      throw rewrap(error, `failed to ${method} request to ${goQuote(path)}`);
    }
    if (existing !== undefined) await this.#transition(ctx, existing, firing);
  }

  #apiUrl(): string {
    return this.#config.api_url ?? '';
  }

  async #search(ctx: NotificationContext, renderer: TextRenderer, hash: string, firing: boolean): Promise<FoundIssue | undefined> {
    const project = renderer.render(this.#config.project);
    renderer.throwIfFailed('failed to look up existing issues: invalid project template or value');
    const jql = searchJql(this.#config, project, hash, firing);
    let answer: string;
    try {
      answer = await this.#request(ctx, 'POST', searchUrl(this.#config), searchBody(jql));
    } catch (error) {
      throw rewrap(error, 'failed to look up existing issues: HTTP request to JIRA API');
    }
    let issues: unknown;
    try {
      issues = (JSON.parse(answer) as { issues?: unknown } | null)?.issues;
    } catch (error) {
      throw new NotifyError(`failed to look up existing issues: ${(error as Error).message}`, { retryable: false, cause: error });
    }
    if (!Array.isArray(issues) || issues.length === 0) return undefined;
    if (issues.length > 1) this.#rt.logger.warn({ group_key: ctx.flush.groupKey }, 'more than one issue matched, selecting the most recently resolved');
    const first = issues[0] as { key?: unknown; fields?: { status?: { statusCategory?: { key?: unknown } } } } | null;
    const status = first?.fields?.status;
    return {
      key: typeof first?.key === 'string' ? first.key : '',
      statusCategory: status === undefined || status === null ? undefined : String(status.statusCategory?.key ?? ''),
    };
  }

  #issueBody(ctx: NotificationContext, renderer: TextRenderer, hash: string, update: boolean): string {
    const c = this.#config;
    const { render } = renderer;
    const step = (what: string, text: string): string => {
      const out = render(text);
      renderer.throwIfFailed(`${what} template`);
      return out;
    };
    const summaryText = step('summary', c.summary.template);
    const project = step('project', c.project);
    const issueType = step('issue_type', c.issue_type);
    const custom = new Map<string, string>();
    for (const [k, v] of Object.entries(c.fields ?? {})) {
      try {
        custom.set(k, renderer.payload(v).trimEnd());
        if (renderer.error !== undefined) throw renderer.error;
      } catch (error) {
        throw new NotifyError(`fields template: ${(error as Error).message}`, { retryable: false, cause: error });
      }
    }
    const [summary, summaryCut] = truncateInRunes(summaryText, MAX_SUMMARY_RUNES);
    if (summaryCut) this.#rt.logger.warn({ group_key: ctx.flush.groupKey, max_runes: MAX_SUMMARY_RUNES }, 'Truncated summary');
    const [descriptionText, descriptionCut] = truncateInRunes(step('description', c.description.template), MAX_DESCRIPTION_RUNES);
    if (descriptionCut) this.#rt.logger.warn({ group_key: ctx.flush.groupKey, max_runes: MAX_DESCRIPTION_RUNES }, 'Truncated description');
    const description = encodeDescription(descriptionText, isApiV3(this.#apiUrl()));

    const labels = c.labels?.map((label, i) => step(`labels[${i}]`, label)) ?? [];
    labels.push(`ALERT{${hash}}`);
    labels.sort(compareGoStrings);
    const priority = step('priority', c.priority);

    return issueBody({
      ...(update && c.summary.enable_update === false ? {} : { summary }),
      ...(description === undefined || (update && c.description.enable_update === false) ? {} : { description }),
      issueType,
      labels,
      ...(priority === '' ? {} : { priority }),
      project,
      custom,
    });
  }

  async #transition(ctx: NotificationContext, issue: FoundIssue, firing: boolean): Promise<void> {
    if (issue.key === '' || issue.statusCategory === undefined) return;
    const done = issue.statusCategory === 'done';
    if (firing === !done) return;
    const name = firing ? this.#config.reopen_transition : this.#config.resolve_transition;
    if (name === '') return;
    const path = joinApiPath(this.#apiUrl(), `issue/${issue.key}/transitions`);
    const answer = await this.#request(ctx, 'GET', path);
    let transitions: unknown;
    try {
      transitions = (JSON.parse(answer) as { transitions?: unknown } | null)?.transitions;
    } catch (error) {
      throw new NotifyError((error as Error).message, { retryable: false, cause: error });
    }
    const found = (Array.isArray(transitions) ? (transitions as { id?: unknown; name?: unknown }[]) : []).find((t) => t.name === name);
    if (found === undefined) throw new NotifyError(`can't find transition ${name} for issue ${issue.key}`, { retryable: false });
    await this.#request(ctx, 'POST', path, transitionBody(typeof found.id === 'string' ? found.id : ''));
  }

  // One Jira API call; resolves with the answer's body on 2xx.
  async #request(ctx: NotificationContext, method: 'GET' | 'POST' | 'PUT', url: string, body?: string): Promise<string> {
    let res;
    try {
      res = await sendRequest(this.#rt.http, this.#rt.userAgent, url, {
        method,
        headers: HEADERS,
        ...(body === undefined ? {} : { body }),
        signal: ctx.signal,
      });
    } catch (error) {
      // 0.34 does not retry a Jira request that got no answer (doAPIRequestFullPath returns false).
      throw new NotifyError((error as Error).message, { retryable: false, reason: 'other', cause: error });
    }
    const failure = checkHttpStatus(res.statusCode, res.body, { retryCodes: [429] });
    if (failure !== undefined) throw failure;
    return res.body;
  }
}

// The description as encoded JSON: a string for API v2; for v3 the rendered ADF document, which
// must be valid JSON. Undefined when there is nothing to send.
function encodeDescription(text: string, v3: boolean): string | undefined {
  if (!v3) return text === '' ? undefined : goJsonString(text);
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    JSON.parse(trimmed);
  } catch {
    throw new NotifyError('description template: invalid JSON for API v3', { retryable: false });
  }
  return compactJson(trimmed);
}

// Prefixes a failure's message, keeping its retryability and reason (Go's `%w` wrapping).
function rewrap(error: unknown, prefix: string): NotifyError {
  if (!(error instanceof NotifyError)) throw error;
  return new NotifyError(`${prefix}: ${error.message}`, {
    retryable: error.retryable,
    reason: error.reason,
    ...(error.statusCode === undefined ? {} : { statusCode: error.statusCode }),
    cause: error,
  });
}

/** Builds the notifier of one `jira_configs` entry. */
export function createJiraNotifier(config: JiraConfig, deps: IntegrationDeps): Notifier {
  return new JiraNotifier(config, deps);
}

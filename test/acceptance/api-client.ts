import type { LabelSet } from './builders.ts';

export interface ApiResponse {
  /** e.g. `POST http://127.0.0.1:9093/api/v2/alerts`, for messages. */
  request: string;
  status: number;
  /** Parsed JSON when the body is JSON, else the raw text. */
  body: unknown;
  text: string;
}

export interface GettableAlert {
  labels: LabelSet;
  annotations: LabelSet;
  fingerprint: string;
  startsAt: string;
  endsAt: string;
  status: { state: string; silencedBy: string[]; inhibitedBy: string[]; mutedBy?: string[] };
  receivers: { name: string }[];
}

export interface AlertGroup {
  labels: LabelSet;
  receiver: { name: string };
  alerts: GettableAlert[];
}

export interface ApiMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual?: boolean;
}

export interface GettableSilence {
  id: string;
  matchers: ApiMatcher[];
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

/** A thin `fetch` client for the `/api/v2` operations the scenarios use (§2.2). */
export class ApiClient {
  readonly #base: string;

  /** `baseUrl` includes the route prefix, e.g. `http://127.0.0.1:9093/foo`. */
  constructor(baseUrl: string) {
    this.#base = baseUrl;
  }

  postAlerts(alerts: readonly unknown[]): Promise<ApiResponse> {
    return this.#request('POST', '/api/v2/alerts', alerts);
  }

  async getAlerts(filter: readonly string[] = []): Promise<GettableAlert[]> {
    return this.#ok<GettableAlert[]>(await this.#request('GET', `/api/v2/alerts${query(filter)}`));
  }

  async getAlertGroups(filter: readonly string[] = []): Promise<AlertGroup[]> {
    return this.#ok<AlertGroup[]>(await this.#request('GET', `/api/v2/alerts/groups${query(filter)}`));
  }

  postSilence(silence: unknown): Promise<ApiResponse> {
    return this.#request('POST', '/api/v2/silences', silence);
  }

  /** Creates a silence and returns its id; throws unless the server answered 200. */
  async createSilence(silence: unknown): Promise<string> {
    return this.#ok<{ silenceID: string }>(await this.postSilence(silence)).silenceID;
  }

  async getSilences(filter: readonly string[] = []): Promise<GettableSilence[]> {
    return this.#ok<GettableSilence[]>(await this.#request('GET', `/api/v2/silences${query(filter)}`));
  }

  async getSilence(id: string): Promise<GettableSilence> {
    return this.#ok<GettableSilence>(await this.#request('GET', `/api/v2/silence/${encodeURIComponent(id)}`));
  }

  async deleteSilence(id: string): Promise<void> {
    this.#ok(await this.#request('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`));
  }

  /** The `/metrics` exposition text. */
  async metrics(): Promise<string> {
    return this.#ok<string>(await this.#request('GET', '/metrics'));
  }

  async #request(method: string, path: string, payload?: unknown): Promise<ApiResponse> {
    const res = await fetch(`${this.#base}${path}`, {
      method,
      ...(payload === undefined
        ? {}
        : { body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { request: `${method} ${this.#base}${path}`, status: res.status, body, text };
  }

  #ok<T>(res: ApiResponse): T {
    if (res.status !== 200) throw new Error(describeResponse(res));
    return res.body as T;
  }
}

function query(filter: readonly string[]): string {
  if (filter.length === 0) return '';
  const params = new URLSearchParams();
  for (const f of filter) params.append('filter', f);
  return `?${params.toString()}`;
}

/** `POST http://…/api/v2/alerts answered 404: 404 page not found`, for assertion messages. */
export function describeResponse(res: ApiResponse): string {
  return `${res.request} answered ${res.status}: ${res.text.trim()}`;
}

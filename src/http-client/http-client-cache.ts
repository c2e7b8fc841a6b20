import type { HttpClientConfig } from '../config/types.ts';
import { HttpClient } from './http-client.ts';

/**
 * One `HttpClient` per `http_config` object, so the integrations of a loaded config share
 * connection pools and OAuth2 tokens. Build a new cache for each config generation and `close`
 * the previous one once the new one is in use.
 */
export class HttpClientCache {
  readonly #clients = new Map<HttpClientConfig | undefined, HttpClient>();

  get(config: HttpClientConfig | undefined): HttpClient {
    let client = this.#clients.get(config);
    if (client === undefined) {
      client = new HttpClient(config);
      this.#clients.set(config, client);
    }
    return client;
  }

  /** Closes every client, waiting for in-flight requests to finish. */
  async close(): Promise<void> {
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(clients.map((c) => c.close()));
  }
}

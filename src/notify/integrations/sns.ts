import { createHash } from 'node:crypto';
import type { Alert } from '../../alerts/alert.ts';
import type { SnsConfig } from '../../config/types.ts';
import { checkHttpStatus } from '../http-status.ts';
import { NotifyError } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { integrationRuntime } from './integration-deps.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { AwsCredentialSource, signedPost, xmlText } from './sns-sigv4.ts';
import { goQueryEscape } from './go-url-encode.ts';
import { templateInput } from './text-renderer.ts';

const TOPIC_MESSAGE_MAX_BYTES = 256 * 1024;
const SMS_MESSAGE_MAX_BYTES = 1600;


/**
 * The Amazon SNS integration (Alertmanager's `notify/sns`): a SigV4-signed `Publish` (AWS query
 * protocol, form fields sorted as the SDK encodes them) to the templated `api_url` or
 * `sns.<region>.amazonaws.com`, with TopicArn (FIFO topics get the group key hash as
 * deduplication and group id), PhoneNumber and/or TargetArn, Subject, the message cut to 256 KiB
 * (1600 bytes for SMS; a `truncated` attribute then says so) and the templated attributes.
 * Failures are retried, except 4xx answers.
 */
export class SnsNotifier implements Notifier {
  readonly #config: SnsConfig;
  readonly #deps: IntegrationRuntime;
  readonly #credentials: AwsCredentialSource;

  constructor(config: SnsConfig, deps: IntegrationRuntime) {
    this.#config = config;
    this.#deps = deps;
    this.#credentials = new AwsCredentialSource(config.sigv4, deps.http, deps.userAgent);
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const c = this.#config;
    const input = templateInput(ctx, this.#deps.externalURL, alerts);
    const text = (s: string, what: string): string => {
      try {
        return this.#deps.templates.executeText(s, input);
      } catch (error) {
        // Alertmanager returns these as retryable client errors.
        throw new NotifyError(`execute '${what}' template: ${(error as Error).message}`, { retryable: true, reason: 'clientError', cause: error });
      }
    };

    const region = this.#credentials.region();
    if (region === '') throw new NotifyError('region not configured in sns.sigv4.region or in default credentials chain', { retryable: true });
    const apiUrl = text(c.api_url, 'api_url');
    const url = new URL(apiUrl !== '' ? apiUrl : `https://sns.${region}.amazonaws.com`);
    // The operation's path "/" joined to the endpoint's path.
    if (!url.pathname.endsWith('/')) url.pathname += '/';

    const fields: [string, string | Uint8Array][] = [
      ['Action', 'Publish'],
      ['Version', '2010-03-31'],
    ];
    const attributes = new Map<string, string>();
    for (const [k, v] of Object.entries(c.attributes ?? {})) attributes.set(text(k, 'attributes'), text(v, 'attributes'));
    let maxBytes = TOPIC_MESSAGE_MAX_BYTES;
    if (c.topic_arn !== '') {
      const topic = text(c.topic_arn, 'topic_arn');
      fields.push(['TopicArn', topic]);
      if (topic.endsWith('.fifo')) {
        const hash = createHash('sha256').update(ctx.flush.groupKey, 'utf8').digest('hex');
        fields.push(['MessageDeduplicationId', hash], ['MessageGroupId', hash]);
      }
    }
    if (c.phone_number !== '') {
      fields.push(['PhoneNumber', text(c.phone_number, 'phone_number')]);
      maxBytes = SMS_MESSAGE_MAX_BYTES;
    }
    if (c.target_arn !== '') fields.push(['TargetArn', text(c.target_arn, 'target_arn')]);
    const message = Buffer.from(text(c.message, 'message'), 'utf8');
    // Cut at the byte limit, even inside a character, as Alertmanager does.
    if (message.length > maxBytes) attributes.set('truncated', 'true');
    fields.push(['Message', message.length > maxBytes ? message.subarray(0, maxBytes) : message]);
    if (c.subject !== '') fields.push(['Subject', text(c.subject, 'subject')]);
    fields.push(...attributeFields(attributes));

    const credentials = await this.#credentials.credentials(ctx.signal);
    const body = fields
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${goQueryEscape(k)}=${goQueryEscape(v)}`)
      .join('&');
    const res = await signedPost(this.#deps.http, url, body, { region, service: 'sns', credentials, userAgent: this.#deps.userAgent }, ctx.signal);
    const failure = checkHttpStatus(res.statusCode, res.body, { details: (_status, xml) => xmlText(xml, 'Message') ?? '' });
    if (failure !== undefined) throw failure;
  }
}

// aws-sdk-go-v2's query encoding of the map: entries by sorted name, nothing when empty.
function attributeFields(attributes: ReadonlyMap<string, string>): [string, string][] {
  const out: [string, string][] = [];
  [...attributes.keys()].sort().forEach((name, i) => {
    const prefix = `MessageAttributes.entry.${i + 1}`;
    out.push([`${prefix}.Name`, name], [`${prefix}.Value.DataType`, 'String'], [`${prefix}.Value.StringValue`, attributes.get(name) as string]);
  });
  return out;
}

/**
 * Builds the SNS notifier of one `sns_configs` entry. SigV4 is computed here, so every request
 * (STS included) goes through the entry's `http_config` client.
 * @param deps the shared integration dependencies.
 */
export function createSnsNotifier(config: SnsConfig, deps: IntegrationDeps): Notifier {
  return new SnsNotifier(config, integrationRuntime(deps, config.http_config, deps.logger));
}

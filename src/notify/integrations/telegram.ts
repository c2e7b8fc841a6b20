import { readFile } from 'node:fs/promises';
import type { Alert } from '../../alerts/alert.ts';
import type { TelegramConfig } from '../../config/types.ts';
import { NotifyError, reasonForStatus } from '../notify-error.ts';
import type { NotificationContext, Notifier } from '../notifier.ts';
import { integrationRuntime } from './integration-deps.ts';
import { goStringMap } from './ops-support.ts';
import type { IntegrationDeps, IntegrationRuntime } from './integration-deps.ts';
import { postJson } from './http-request.ts';
import { templateInput } from './text-renderer.ts';
import { truncateInRunes } from './truncate.ts';

const MAX_MESSAGE_RUNES = 4096;
// Alertmanager's replacement for an HTML message over the limit (cutting HTML could break it).
const TOO_LONG_HTML =
  'Alertmanager notification could not be sent: message length exceeds Telegram limits.\n\t\t\tPlease check the template used for producing the message content.';


/**
 * The Telegram integration (Alertmanager's `notify/telegram` on telebot): POSTs
 * `{api_url}/bot{token}/sendMessage` with telebot's JSON object of strings — `chat_id`, `text`,
 * `parse_mode` (when set), `disable_web_page_preview`, `disable_notification` and
 * `message_thread_id` (when set). HTML messages are rendered with HTML escaping and replaced by a
 * notice past 4096 runes; others are cut to 4096 runes. The token and chat id files are read on
 * every send. Every delivery failure is retried, as Alertmanager does.
 */
export class TelegramNotifier implements Notifier {
  readonly #config: TelegramConfig;
  readonly #deps: IntegrationRuntime;

  constructor(config: TelegramConfig, deps: IntegrationRuntime) {
    this.#config = config;
    this.#deps = deps;
  }

  async notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void> {
    const config = this.#config;
    const input = templateInput(ctx, this.#deps.externalURL, alerts);
    let text: string;
    try {
      if (config.parse_mode === 'HTML') {
        text = this.#deps.templates.executeHtml(config.message, input);
        if ([...text].length > MAX_MESSAGE_RUNES) text = TOO_LONG_HTML;
      } else {
        let truncated: boolean;
        [text, truncated] = truncateInRunes(this.#deps.templates.executeText(config.message, input), MAX_MESSAGE_RUNES);
        if (truncated) this.#deps.logger.warn({ integration: 'telegram', group_key: ctx.flush.groupKey, max_runes: MAX_MESSAGE_RUNES }, 'Truncated message');
      }
    } catch (error) {
      throw new NotifyError((error as Error).message, { retryable: false, cause: error });
    }

    const params: Record<string, string> = {
      chat_id: String(await this.#chatId()),
      text,
      disable_web_page_preview: 'true',
    };
    if (config.parse_mode !== '') params['parse_mode'] = config.parse_mode;
    if (config.disable_notifications) params['disable_notification'] = 'true';
    if (config.message_thread_id !== 0) params['message_thread_id'] = String(config.message_thread_id);

    const url = `${config.api_url ?? ''}/bot${await this.#token()}/sendMessage`;
    const res = await postJson(this.#deps.http, url, `${goStringMap(params)}\n`, {
      signal: ctx.signal,
      timeoutMs: 0,
      timeoutMessage: '',
      userAgent: this.#deps.userAgent,
    });
    checkTelegramAnswer(res.statusCode, res.body);
  }

  async #token(): Promise<string> {
    const file = this.#config.bot_token_file;
    if (file === '') return this.#config.bot_token?.reveal() ?? '';
    return (await readRetryable(file)).trim();
  }

  async #chatId(): Promise<string | number> {
    const file = this.#config.chat_id_file;
    if (file === '') return this.#config.chat_id;
    const text = (await readRetryable(file)).trim();
    if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
      throw new NotifyError(`could not parse chat_id from ${file}: invalid syntax`, { retryable: true });
    }
    // Go's ParseInt accepts a leading "+", which the id then loses.
    return text.replace(/^\+/, '');
  }
}

interface TelegramAnswer {
  readonly ok?: unknown;
  readonly error_code?: unknown;
  readonly description?: unknown;
  readonly result?: unknown;
}

/**
 * telebot's reading of the answer: `{"ok":false}` is an error named by its description and code
 * (classified by that code), an answer without a message result is an error too; the HTTP
 * status itself is not looked at. Every failure is retryable.
 */
function checkTelegramAnswer(statusCode: number, body: string): void {
  let answer: TelegramAnswer;
  try {
    answer = JSON.parse(body) as TelegramAnswer;
  } catch (error) {
    throw new NotifyError(`telebot: ${(error as Error).message}`, { retryable: true, statusCode, cause: error });
  }
  if (answer === null || typeof answer !== 'object') throw new NotifyError('telebot: unexpected answer', { retryable: true, statusCode });
  if (answer.ok !== true) {
    const code = typeof answer.error_code === 'number' ? answer.error_code : 0;
    const description = typeof answer.description === 'string' ? answer.description : '';
    throw new NotifyError(`telegram: ${description.slice(0, 1024)} (${code})`, { retryable: true, reason: reasonForStatus(code), statusCode });
  }
  if (answer.result === null || typeof answer.result !== 'object') {
    throw new NotifyError('telebot: the answer holds no message', { retryable: true, statusCode });
  }
}

async function readRetryable(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new NotifyError(`could not read ${path}: ${(error as Error).message}`, { retryable: true, cause: error });
  }
}

/**
 * Builds the Telegram notifier of one `telegram_configs` entry.
 * @param deps the shared integration dependencies; `logger` receives truncation warnings.
 */
export function createTelegramNotifier(config: TelegramConfig, deps: IntegrationDeps): Notifier {
  return new TelegramNotifier(config, integrationRuntime(deps, config.http_config, deps.logger));
}

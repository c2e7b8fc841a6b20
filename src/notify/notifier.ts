/**
 * The seam every integration (webhook, email, slack, …) implements, and what the pipeline hands
 * it for one delivery attempt.
 */
import type { Alert } from '../alerts/alert.ts';
import type { FlushContext } from './flush.ts';
import type { ReceiverDataStore } from './nflog/receiver-data.ts';
import type { NotificationReason } from './notification-reason.ts';

/** What one attempt of one integration knows about the flush it belongs to. */
export interface NotificationContext {
  readonly flush: FlushContext;
  readonly reason: NotificationReason;
  /**
   * The integration's key/value store kept in the notification log (Slack's `update_message`
   * keeps its thread there). Writes during `notify` are logged once the notification succeeded.
   */
  readonly receiverData: ReceiverDataStore;
  /** Aborted at the flush deadline or when the group stops; pass it to every request. */
  readonly signal: AbortSignal;
}

/** Sends notifications for one configured integration (Alertmanager's `notify.Notifier`). */
export interface Notifier {
  /**
   * Delivers `alerts` (already filtered by `send_resolved`). Resolves when the service accepted
   * them; rejects with a `NotifyError` whose `retryable` tells the retry stage whether to try
   * again. Any other rejection is treated as a retryable failure with reason `other`.
   */
  notify(ctx: NotificationContext, alerts: readonly Alert[]): Promise<void>;
}

/** One `<name>_configs[index]` entry of a receiver, ready to send. */
export interface Integration {
  /** The integration type as in metrics and the nflog: `webhook`, `email`, … */
  readonly name: string;
  /** Position within the receiver's `<name>_configs` list. */
  readonly index: number;
  readonly receiver: string;
  readonly sendResolved: boolean;
  readonly notifier: Notifier;
  /**
   * Work a notification's attempts share, done ahead a slice at a time for a large group (the
   * template data); undefined when there is none. Never rejects.
   */
  readonly prepare?: (ctx: NotificationContext, alerts: readonly Alert[]) => Promise<void> | undefined;
}

/** `webhook[0]`: how Alertmanager names an integration in logs and errors. */
export function integrationLabel(integration: Pick<Integration, 'name' | 'index'>): string {
  return `${integration.name}[${integration.index}]`;
}

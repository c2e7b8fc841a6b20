/**
 * Why the dedup stage let a notification through (Alertmanager 0.32+ `NotifyReason.String()`),
 * shown as `.NotificationReason` in templates and `notification_reason` in webhook bodies.
 */
export type NotificationReason =
  | 'none'
  | 'first notification'
  | 'new alerts added'
  | 'some alerts resolved'
  | 'all alerts resolved'
  | 'repeat interval elapsed'
  | 'unknown';

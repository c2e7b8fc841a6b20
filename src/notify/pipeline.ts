import type { Alert } from '../alerts/alert.ts';
import type { Clock } from '../common/clock.ts';
import type { ReceiverConfig } from '../config/types.ts';
import type { NamedTimeIntervals } from '../timeintervals/types.ts';
import type { FlushContext, Muter, NotifyFn } from './flush.ts';
import { silentNotifyLogger } from './logger.ts';
import type { NotifyLogger } from './logger.ts';
import type { NotifyMetrics } from './metrics.ts';
import type { NotificationLog } from './nflog/notification-log.ts';
import type { Integration } from './notifier.ts';
import { DedupStage } from './stages/dedup-stage.ts';
import { MuteStage } from './stages/mute-stage.ts';
import { RetryStage } from './stages/retry-stage.ts';
import { SetNotifiesStage } from './stages/set-notifies-stage.ts';
import { FanoutStage, MultiStage, stageContext } from './stages/stage.ts';
import type { Stage } from './stages/stage.ts';
import { TimeActiveStage, TimeMuteStage } from './stages/time-stages.ts';
import { noWait, WaitStage } from './stages/wait-stage.ts';
import type { WaitFn } from './stages/wait-stage.ts';

export interface NotifyPipelineOptions {
  /** The receivers routes point at; each gets its integrations from `integrationsFactory`. */
  readonly receivers: readonly ReceiverConfig[];
  readonly integrationsFactory: (receiver: ReceiverConfig) => readonly Integration[];
  readonly inhibitor: Muter;
  readonly silencer: Muter;
  /** The config's `time_intervals`, read on every flush. */
  readonly timeIntervals: NamedTimeIntervals | (() => NamedTimeIntervals);
  readonly nflog: NotificationLog;
  readonly clock: Clock;
  readonly metrics?: NotifyMetrics;
  readonly logger?: NotifyLogger;
  /** This replica's wait before dedup (HA position); none by default. */
  readonly wait?: WaitFn;
  /** Backoff randomness, [0, 1); for tests. */
  readonly random?: () => number;
}

/**
 * Builds the notification pipeline (Alertmanager's `PipelineBuilder.New`): per receiver,
 * inhibition → active time → mute time → silences → for every integration concurrently:
 * wait → dedup → retry → nflog. Integrations are built once, here.
 */
export function createNotifyFn(options: NotifyPipelineOptions): NotifyFn {
  const logger = options.logger ?? silentNotifyLogger;
  const intervals = typeof options.timeIntervals === 'function' ? options.timeIntervals : () => options.timeIntervals as NamedTimeIntervals;
  const shared: Stage[] = [
    new MuteStage(options.inhibitor, 'inhibition', options.metrics),
    new TimeActiveStage(intervals, options.metrics),
    new TimeMuteStage(intervals, options.metrics),
    new MuteStage(options.silencer, 'silence', options.metrics),
  ];
  const byReceiver = new Map<string, MultiStage>();
  for (const receiver of options.receivers) {
    const branches = options.integrationsFactory(receiver).map((i) => integrationStage(i, options));
    byReceiver.set(receiver.name, new MultiStage([...shared, new FanoutStage(branches)]));
  }
  return (flush: FlushContext, alerts: readonly Alert[]): Promise<void> => {
    const stage = byReceiver.get(flush.receiver);
    if (stage === undefined) return Promise.reject(new Error(`notify: no pipeline for receiver ${JSON.stringify(flush.receiver)}`));
    return stage.exec(stageContext({ flush, logger }), alerts).then(done);
  };
}

// A plain function rather than an async one: a flush waiting on its notification holds less.
function done(): void {}

function integrationStage(integration: Integration, options: NotifyPipelineOptions): Stage {
  const key = { receiver: integration.receiver, integration: integration.name, index: integration.index };
  return new MultiStage([
    new WaitStage(options.wait ?? noWait, options.clock),
    new DedupStage(options.nflog, key, integration.sendResolved),
    new RetryStage(integration, { clock: options.clock, metrics: options.metrics, random: options.random }),
    new SetNotifiesStage(options.nflog, key),
  ]);
}

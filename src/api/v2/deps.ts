import type { AlertStore } from '../../alerts/alert-store.ts';
import type { Clock } from '../../common/clock.ts';
import type { Config } from '../../config/types.ts';
import type { AlertFilter, GroupsResult, RouteFilter } from '../../dispatch/group-views.ts';
import type { Route } from '../../dispatch/route.ts';
import type { LabelSet } from '../../labels/label-set.ts';
import type { MatcherMode } from '../../labels/parse.ts';
import type { Integration } from '../../notify/notifier.ts';
import type { SilenceStore } from '../../silences/silence-store.ts';
import type { ApiMetrics } from './metrics.ts';

/** The state swapped on every successful reload; handlers read it once per request. */
export interface ApiConfigState {
  readonly config: Config;
  /** `configToYaml(config)`, computed once per reload: `GET /status` `config.original`. */
  readonly original: string;
  /** The compiled route tree; receivers of an alert are its matching routes' receivers. */
  readonly route: Route;
  /** The inhibitor (`Inhibitor.mutes`): the fingerprint of the alert inhibiting `labels` now, or empty. */
  readonly inhibitor: { mutes(labels: LabelSet, fingerprint: string): readonly string[] };
  /** The dispatcher's groups (`Dispatcher.groups`), filtered, sorted, with each alert's receivers. */
  groups(routeFilter: RouteFilter, alertFilter: AlertFilter): Promise<GroupsResult>;
  /** The receiver's integrations (`POST /receivers/{name}/test`); undefined for an unknown receiver. */
  integrations?(receiver: string): readonly Integration[] | undefined;
}

export interface ClusterPeerStatus {
  readonly name: string;
  readonly address: string;
}

/** `clusterStatus`: `disabled` with no name when not clustered. */
export interface ApiClusterStatus {
  readonly name?: string;
  readonly status: 'ready' | 'settling' | 'disabled';
  readonly peers: readonly ClusterPeerStatus[];
}

/** `versionInfo` of `GET /status`. */
export interface ApiVersionInfo {
  readonly version: string;
  readonly revision: string;
  readonly branch: string;
  readonly buildUser: string;
  readonly buildDate: string;
  readonly goVersion: string;
}

/** The few logger methods the API uses (satisfied by `src/common/logger.ts` `Logger`). */
export interface ApiLogger {
  debug(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void;
}

/**
 * Everything the API v2 handlers need, as getters and narrow interfaces so tests can pass the
 * real in-memory domain objects with a fake clock and the composition root can swap the
 * config-derived part on reload.
 */
export interface ApiDeps {
  readonly clock: Clock;
  readonly alerts: AlertStore;
  readonly silences: SilenceStore;
  /** Which active silences mute an alert now (`Silencer.mutes`), sorted ids. */
  readonly silencer: { mutes(labels: LabelSet, fingerprint: string): readonly string[] };
  /** The current config-derived state. */
  current(): ApiConfigState;
  cluster(): ApiClusterStatus;
  readonly version: ApiVersionInfo;
  /** Process start, epoch ms (`uptime` of `GET /status`). */
  readonly startedAt: number;
  /** Label-name and filter parsing rules (`--enable-feature` classic / UTF-8 strict). */
  readonly matcherMode: MatcherMode;
  readonly logger: ApiLogger;
  readonly metrics: ApiMetrics;
  /** Largest accepted request body in bytes; defaults to 64 MiB. */
  readonly maxBodyBytes?: number;
}

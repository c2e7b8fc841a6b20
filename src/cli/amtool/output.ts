/** Picks the `-o` format for each kind of result. */
import type { AmtoolContext } from './context.ts';
import { alertsJson, clusterJson, silencesJson, statusJson } from './format-json.ts';
import {
  extendedAlerts,
  extendedCluster,
  extendedConfig,
  extendedSilences,
  simpleAlerts,
  simpleCluster,
  simpleConfig,
  simpleSilences,
} from './format-table.ts';
import type { ClusterStatusJson, GettableAlertJson, GettableSilenceJson, StatusJson } from './models.ts';

/** Prints alerts in the selected output format. */
export function printAlerts(ctx: AmtoolContext, alerts: readonly GettableAlertJson[]): void {
  const f = { simple: simpleAlerts, extended: extendedAlerts, json: alertsJson }[ctx.output];
  ctx.io.out(f(alerts, ctx.table));
}

/** Prints silences in the selected output format. */
export function printSilences(ctx: AmtoolContext, silences: readonly GettableSilenceJson[]): void {
  const f = { simple: simpleSilences, extended: extendedSilences, json: silencesJson }[ctx.output];
  ctx.io.out(f(silences, ctx.table));
}

/** Prints the server status (`config show`) in the selected output format. */
export function printStatus(ctx: AmtoolContext, status: StatusJson): void {
  const f = { simple: simpleConfig, extended: extendedConfig, json: statusJson }[ctx.output];
  ctx.io.out(f(status));
}

/** Prints the cluster status in the selected output format. */
export function printCluster(ctx: AmtoolContext, cluster: ClusterStatusJson): void {
  const f = { simple: simpleCluster, extended: extendedCluster, json: clusterJson }[ctx.output];
  ctx.io.out(f(cluster, ctx.table));
}

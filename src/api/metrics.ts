import { availableParallelism } from 'node:os';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { ALERTMANAGER_VERSION, BUILD_BRANCH, BUILD_REVISION } from '../common/version.ts';

/** Go's GOARCH names for Node's `process.arch`, so dashboards keyed on them keep working. */
const GOARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' };

/**
 * The process registry: default process metrics (`process_*`, plus Node's `nodejs_*`) and
 * `alertmanager_build_info` with the label names of Go's version collector.
 */
export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const buildInfo = new Gauge({
    name: 'alertmanager_build_info',
    help: 'A metric with a constant \'1\' value labeled by version, revision, branch, goversion from which alertmanager was built, and the goos and goarch for the build.',
    labelNames: ['version', 'revision', 'branch', 'goversion', 'goos', 'goarch', 'tags'],
    registers: [registry],
  });
  buildInfo.set(
    {
      version: ALERTMANAGER_VERSION,
      revision: BUILD_REVISION,
      branch: BUILD_BRANCH,
      goversion: `node${process.versions.node}`,
      goos: process.platform,
      goarch: GOARCH[process.arch] ?? process.arch,
      tags: 'unknown',
    },
    1,
  );
  return registry;
}

/** `alertmanager_cluster_enabled`: 0 until HA (Redis) exists. */
export function registerClusterEnabled(registry: Registry, enabled: boolean): void {
  const gauge = new Gauge({
    name: 'alertmanager_cluster_enabled',
    help: 'Indicates whether the clustering is enabled or not.',
    registers: [registry],
  });
  gauge.set(enabled ? 1 : 0);
}

/** Alertmanager's default for `--web.get-concurrency` <= 0: max(GOMAXPROCS, 8). */
export function defaultGetConcurrency(): number {
  return Math.max(availableParallelism(), 8);
}

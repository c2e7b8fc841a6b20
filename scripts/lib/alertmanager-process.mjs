import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from './capture-server.mjs';
import { freePort } from './free-port.mjs';

export const DEFAULT_BINARY = '/usr/bin/prometheus-alertmanager';

// Starts a single-node Alertmanager (clustering off) on 127.0.0.1:port; stderr is 'inherit' or 'pipe'.
export function spawnAlertmanager(binary, { configFile, storage, port, externalUrl, stderr = 'inherit' }) {
  return spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.path=${storage}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      `--web.external-url=${externalUrl}`,
    ],
    { stdio: ['ignore', 'ignore', stderr] },
  );
}

// Waits until Alertmanager on port answers /-/ready, up to ms.
export async function waitReady(port, ms) {
  const url = `http://127.0.0.1:${port}/-/ready`;
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`alertmanager not ready at ${url}`);
}

export async function postAlerts(port, alerts) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  if (res.status !== 200) throw new Error(`POST /api/v2/alerts: ${res.status} ${await res.text()}`);
}

// Writes config to dir/alertmanager.yml, starts Alertmanager on a free port (storage in dir,
// external URL http://am.example:9093), waits for it to be ready and posts alerts. Returns the
// process for the caller to kill; kills it itself if it never got that far.
export async function startAndPost(binary, dir, config, alerts) {
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, config);
  const port = await freePort();
  const am = spawnAlertmanager(binary, { configFile, storage: dir, port, externalUrl: 'http://am.example:9093' });
  try {
    await waitReady(port, 15_000);
    await postAlerts(port, alerts);
  } catch (error) {
    am.kill();
    throw error;
  }
  return am;
}

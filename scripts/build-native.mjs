// Builds the optional native helper (native/: lets the memory reducer give freed C heap back to the
// system and start V8's incremental collections, and counts the members of posted JSON for the
// ingest decoder) with the node-gyp that npm bundles. Tocsin runs without it, so a machine with
// no compiler gets a warning here, not a failed install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** npm names its node-gyp in lifecycle scripts; run by hand, look beside npm itself. */
function nodeGyp() {
  const candidates = [
    process.env['npm_config_node_gyp'],
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((path) => path !== undefined && existsSync(path));
}

/** Node's own headers when they sit beside it (packaged and tarball installs), so node-gyp downloads nothing. */
function nodeDirFlags() {
  if (process.env['npm_config_nodedir'] !== undefined) return [];
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

function warn(reason) {
  console.warn(`tocsin: native helper not built (${reason}); freed C heap stays resident until glibc reuses it, idle collections stop the process for all of their work, and ingest counts JSON members in JavaScript`);
}

if (process.platform !== 'linux') {
  console.log('tocsin: native helper skipped: built on Linux only');
} else {
  const gyp = nodeGyp();
  if (gyp === undefined) warn('node-gyp not found');
  else {
    const result = spawnSync(process.execPath, [gyp, 'rebuild', '--loglevel=warn', ...nodeDirFlags()], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) warn(result.error?.message ?? `node-gyp exited with ${result.status ?? result.signal}`);
  }
}

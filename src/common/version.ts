import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Tocsin's version, from package.json. */
export const VERSION: string = pkg.version;

/**
 * The Alertmanager version whose behaviour Tocsin implements. Clients pick their API mapping by
 * the server's version (Karma refuses versions it does not know; amtool compares it), so
 * `alertmanager_build_info` and `/api/v2/status` report this one, and Tocsin's own version goes
 * in the revision and branch fields.
 */
export const ALERTMANAGER_VERSION = '0.34.0';

/** `revision`/`branch` as reported next to ALERTMANAGER_VERSION. */
export const BUILD_REVISION = `tocsin-${VERSION}`;
export const BUILD_BRANCH = 'tocsin';

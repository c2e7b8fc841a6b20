import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * The absolute path of an external program, or undefined when it is not installed.
 * Tests that need one call `skipReason` and skip with its message rather than fail.
 */
export function findProgram(name: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = result.stdout.trim();
  return result.status === 0 && path !== '' ? path : undefined;
}

/** A message for `test(..., { skip })` when a program is missing, or false when it is there. */
export function skipUnless(name: string, debianPackage: string): string | false {
  return findProgram(name) === undefined
    ? `${name} is not installed (apt-get install ${debianPackage}); .ci/run installs it`
    : false;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/**
 * The command line that runs Tocsin's CLI: the built `bin/tocsin.js` when `npm test` built it
 * (TOCSIN_BUILT=1, much cheaper to start many times), else `src/main.ts` through tsx.
 */
export function tocsinCommand(): { command: string; args: string[] } {
  return process.env['TOCSIN_BUILT'] === '1'
    ? { command: process.execPath, args: ['bin/tocsin.js'] }
    : { command: process.execPath, args: ['--import', 'tsx', 'src/main.ts'] };
}

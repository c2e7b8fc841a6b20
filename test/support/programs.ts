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

/**
 * Runs a Go program from its source (`go run` in GOPATH mode, with `gopath` when given) with
 * `input` as JSON on stdin, and returns its stdout read as JSON; throws with its stderr when it fails.
 */
export function runGoProgram(program: string, input: unknown, gopath?: string): unknown {
  const result = spawnSync('go', ['run', program], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'off', GOFLAGS: '', ...(gopath === undefined ? {} : { GOPATH: gopath }) },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`go run ${program} failed (${result.status ?? result.signal}): ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
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

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a testdata script under tsx and hands each line it prints to onLine, together with a
 * function that kills the child with SIGKILL. Resolves once the child dies of that SIGKILL; any
 * other exit rejects, so a crash test cannot pass on a child that stopped by itself.
 */
export function runUntilKilled(script: URL, args: readonly string[], onLine: (line: string, kill: () => void) => void): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const kill = (): void => {
    child.kill('SIGKILL');
  };
  let buffer = '';
  return new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code}`))));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        onLine(line, kill);
      }
    });
  });
}

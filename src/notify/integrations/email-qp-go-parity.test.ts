import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { findProgram } from '../../../test/support/programs.ts';
import { quotedPrintable } from './email-mime.ts';

const skip = findProgram('go') === undefined ? 'needs go (Debian golang-go) to run Go\'s mime/quotedprintable' : false;

/** Random bodies over the bytes that matter: line breaks, blanks, "=", controls, multi-byte text and long runs. */
function bodies(count: number): string[] {
  const pieces = ['a', ' ', '\t', '\n', '\r', '\r\n', '=', 'é', '日', '😀', '\u0000', '\u007f', '\u00a0', 'x'.repeat(70), ' '.repeat(5), '<td>'];
  let seed = 20261122;
  const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
  const out = ['x'.repeat(74) + 'é', 'x'.repeat(75) + ' ', 'x'.repeat(75) + '\n', '\ré\né', ('<tr><td>é host-1 down </td></tr>\n').repeat(2000)];
  while (out.length < count) {
    let body = '';
    for (let n = Math.floor(random() * 40); n > 0; n--) body += pieces[Math.floor(random() * pieces.length)];
    out.push(body);
  }
  return out;
}

test("quoted-printable bodies are byte for byte Go's mime/quotedprintable Writer", { skip, timeout: 120_000 }, () => {
  const inputs = bodies(3000);
  const program = fileURLToPath(new URL('./testdata/quotedprintable_parity.go', import.meta.url));
  const result = spawnSync('go', ['run', program], {
    input: JSON.stringify(inputs),
    encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'off', GOFLAGS: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.status, 0, result.stderr);
  const expected = JSON.parse(result.stdout) as string[];
  const mismatches = inputs.flatMap((input, i) => (quotedPrintable(input) === expected[i] ? [] : [JSON.stringify(input)]));
  assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} of ${inputs.length} bodies differ`);
});

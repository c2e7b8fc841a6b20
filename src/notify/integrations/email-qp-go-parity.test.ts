import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { prng, randomBelow } from '../../common/prng.ts';
import { runGoProgram, skipUnless } from '../../../test/support/programs.ts';
import { quotedPrintable } from './email-mime.ts';

/** Random bodies over the bytes that matter: line breaks, blanks, "=", controls, multi-byte text and long runs. */
function bodies(count: number): string[] {
  const pieces = ['a', ' ', '\t', '\n', '\r', '\r\n', '=', 'é', '日', '😀', '\u0000', '\u007f', '\u00a0', 'x'.repeat(70), ' '.repeat(5), '<td>'];
  const random = prng(20261122);
  const out = ['x'.repeat(74) + 'é', 'x'.repeat(75) + ' ', 'x'.repeat(75) + '\n', '\ré\né', '<tr><td>é host-1 down </td></tr>\n'.repeat(2000)];
  while (out.length < count) {
    let body = '';
    for (let n = randomBelow(random, 40); n > 0; n--) body += pieces[randomBelow(random, pieces.length)];
    out.push(body);
  }
  return out;
}

test("quoted-printable bodies are byte for byte Go's mime/quotedprintable Writer", { skip: skipUnless('go', 'golang-go'), timeout: 120_000 }, async () => {
  const inputs = bodies(3000);
  const program = fileURLToPath(new URL('./testdata/quotedprintable_parity.go', import.meta.url));
  const expected = runGoProgram(program, inputs) as string[];
  const encoded = await Promise.all(inputs.map((input) => quotedPrintable(input)));
  const mismatches = inputs.flatMap((input, i) => (encoded[i] === expected[i] ? [] : [JSON.stringify(input)]));
  assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} of ${inputs.length} bodies differ`);
});

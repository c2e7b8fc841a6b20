import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatGoDuration, parseGoDuration } from './go-duration.ts';

describe('Go time.Duration', () => {
  it('parses time.ParseDuration syntax into milliseconds', () => {
    assert.equal(parseGoDuration('30s'), 30_000);
    assert.equal(parseGoDuration('1h30m'), 5_400_000);
    assert.equal(parseGoDuration('1.5s'), 1500);
    assert.equal(parseGoDuration('250ms'), 250);
    assert.equal(parseGoDuration('-2m'), -120_000);
    assert.equal(parseGoDuration('0'), 0);
  });

  it("fails with Go's messages (as amtool prints them for pushover retry)", () => {
    assert.throws(() => parseGoDuration('often'), { message: 'time: invalid duration "often"' });
    assert.throws(() => parseGoDuration('10'), { message: 'time: missing unit in duration "10"' });
    assert.throws(() => parseGoDuration('5x'), { message: 'time: unknown unit "x" in duration "5x"' });
  });

  it('prints as time.Duration.String()', () => {
    assert.equal(formatGoDuration(0), '0s');
    assert.equal(formatGoDuration(60_000), '1m0s');
    assert.equal(formatGoDuration(3_600_000), '1h0m0s');
    assert.equal(formatGoDuration(90_500), '1m30.5s');
    assert.equal(formatGoDuration(10), '10ms');
    assert.equal(formatGoDuration(0.000001), '1ns');
  });
});

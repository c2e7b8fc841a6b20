import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration, tryParseDuration } from './duration.ts';

// Expected values printed by prometheus/common's model.ParseDuration and Duration.String()
// (the current parser, as used by Alertmanager 0.34) through a throwaway Go program.
const parseCases: [string, number | { error: string }][] = [
  ["0", 0],
  ["", { error: "empty duration string" }],
  ["1h30m", 5400000],
  ["5m", 300000],
  ["5x", { error: "unknown unit \"x\"" }],
  ["1.5h", { error: "unknown unit \".\"" }],
  ["1m1h", { error: "not a valid duration string" }],
  ["1h1h", { error: "not a valid duration string" }],
  ["1y", 31536000000],
  ["1w", 604800000],
  ["1d", 86400000],
  ["1h", 3600000],
  ["1m", 60000],
  ["1s", 1000],
  ["1ms", 1],
  ["0s", 0],
  ["0ms", 0],
  ["00", { error: "not a valid duration string" }],
  ["01s", 1000],
  ["1y2w3d4h5m6s7ms", 33019506007],
  ["1ms1s", { error: "not a valid duration string" }],
  ["5m ", { error: "unknown unit \"m \"" }],
  ["m", { error: "not a valid duration string" }],
  [" 5m", { error: "not a valid duration string" }],
  ["-5m", { error: "not a valid duration string" }],
  ["+5m", { error: "not a valid duration string" }],
  ["5", { error: "not a valid duration string" }],
  ["5mm", { error: "unknown unit \"mm\"" }],
  ["5ms", 5],
  ["1d1ms", 86400001],
  ["292y", 9208512000000],
  ["293y", { error: "duration out of range" }],
  ["106751d", 9223286400000],
  ["106752d", { error: "duration out of range" }],
  ["9223372036854ms", 9223372036854],
  ["9223372036854775807ms", { error: "duration out of range" }],
  ["18446744073709551615ms", { error: "duration out of range" }],
  ["18446744073709551616ms", { error: "not a valid duration string" }],
  ["99999999999999999999y", { error: "not a valid duration string" }],
  ["2562047h", 9223369200000],
  ["2562048h", { error: "duration out of range" }],
  ["292y24w3d23h47m16s854ms", 9223372036854],
  ["292y24w3d23h47m16s855ms", { error: "duration out of range" }],
  ["5mx", { error: "unknown unit \"mx\"" }],
  ["5\u00b5s", { error: "unknown unit \"\u00b5s\"" }],
  ["1h0m", 3600000],
  ["1w1d", 691200000],
  ["7d", 604800000],
  ["365d", 31536000000],
  ["1y1w", 32140800000],
  ["300y5x", { error: "duration out of range" }],
  ["5x300y", { error: "unknown unit \"x\"" }],
  ["1hh", { error: "unknown unit \"hh\"" }],];

for (const [input, expected] of parseCases) {
  test(`parseDuration(${JSON.stringify(input)})`, () => {
    if (typeof expected === 'number') {
      assert.equal(parseDuration(input), expected);
      assert.equal(tryParseDuration(input), expected);
    } else {
      assert.throws(() => parseDuration(input), {
        name: 'SyntaxError',
        message: `Cannot parse duration ${JSON.stringify(input)}: ${expected.error}`,
      });
      assert.equal(tryParseDuration(input), undefined);
    }
  });
}

const formatCases: [number, string][] = [
  [0, "0s"],
  [1, "1ms"],
  [999, "999ms"],
  [1000, "1s"],
  [59999, "59s999ms"],
  [60000, "1m"],
  [3600000, "1h"],
  [5400000, "1h30m"],
  [86400000, "1d"],
  [90061001, "1d1h1m1s1ms"],
  [604800000, "1w"],
  [691200000, "8d"],
  [1209600000, "2w"],
  [7776000000, "90d"],
  [31536000000, "1y"],
  [32140800000, "372d"],
  [63072000000, "2y"],
  [31536000001, "365d1ms"],
  [-1, "-1ms"],
  [-5400000, "-1h30m"],
  [-86400000, "-1d"],
  [-31536000000, "-1y"],
  [9223372036854, "106751d23h47m16s854ms"],
  [1814400000, "3w"],
];

for (const [ms, expected] of formatCases) {
  test(`formatDuration(${ms}) is ${expected}`, () => {
    assert.equal(formatDuration(ms), expected);
  });
}

test('formatDuration truncates fractions of a millisecond', () => {
  assert.equal(formatDuration(1500.9), '1s500ms');
  assert.equal(formatDuration(0.4), '0s');
});

test('every formatted duration parses back to itself', () => {
  for (const [ms] of formatCases.filter(([ms]) => ms >= 0)) {
    assert.equal(parseDuration(formatDuration(ms)), ms);
  }
});

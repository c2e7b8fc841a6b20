import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anyIntervalContains, intervalContains, matchingIntervalNames } from './evaluate.ts';
import {
  parseDayOfMonthRange,
  parseLocation,
  parseMonthRange,
  parseTimeRange,
  parseWeekdayRange,
  parseYearRange,
} from './parse.ts';
import type { TimeInterval } from './types.ts';

interface Spec {
  times?: [string, string][];
  weekdays?: string[];
  daysOfMonth?: string[];
  months?: string[];
  years?: string[];
  location?: string;
}

function build(spec: Spec): TimeInterval {
  return {
    ...(spec.times && { times: spec.times.map(([start, end]) => parseTimeRange(start, end)) }),
    ...(spec.weekdays && { weekdays: spec.weekdays.map(parseWeekdayRange) }),
    ...(spec.daysOfMonth && { daysOfMonth: spec.daysOfMonth.map(parseDayOfMonthRange) }),
    ...(spec.months && { months: spec.months.map(parseMonthRange) }),
    ...(spec.years && { years: spec.years.map(parseYearRange) }),
    ...(spec.location !== undefined && { location: parseLocation(spec.location) }),
  };
}

// Results of Alertmanager's TimeInterval.ContainsTime (the 0.34 source, with the #5447 fix) for
// each instant, printed by a Go 1.19 program; the same program ran the Debian 0.25.0 package,
// which agrees except where noted.
const cases: [Spec, [string, boolean][]][] = [
  [{ times: [["09:00", "17:00"]] }, [["2024-01-15T08:59:59Z", false], ["2024-01-15T09:00:00Z", true], ["2024-01-15T16:59:59Z", true], ["2024-01-15T17:00:00Z", false]]],
  [{ times: [["00:00", "24:00"]] }, [["2024-01-15T00:00:00Z", true], ["2024-01-15T23:59:59Z", true]]],
  [{ times: [["22:00", "24:00"], ["00:00", "06:00"]] }, [["2024-01-15T23:30:00Z", true], ["2024-01-15T05:59:00Z", true], ["2024-01-15T06:00:00Z", false], ["2024-01-15T12:00:00Z", false]]],
  [{ weekdays: ["monday:friday"] }, [["2024-01-13T12:00:00Z", false], ["2024-01-14T12:00:00Z", false], ["2024-01-15T00:00:00Z", true], ["2024-01-19T23:59:59Z", true], ["2024-01-20T00:00:00Z", false]]],
  [{ weekdays: ["Saturday", "SUNDAY"] }, [["2024-01-13T12:00:00Z", true], ["2024-01-14T12:00:00Z", true], ["2024-01-15T12:00:00Z", false]]],
  [{ weekdays: ["monday"], location: "Asia/Tokyo" }, [["2024-01-14T15:30:00Z", true], ["2024-01-14T14:59:59Z", false]]],
  [{ daysOfMonth: ["1:5"] }, [["2024-02-01T00:00:00Z", true], ["2024-02-05T23:59:00Z", true], ["2024-02-06T00:00:00Z", false]]],
  [{ daysOfMonth: ["-1"] }, [["2023-02-28T12:00:00Z", true], ["2024-02-28T12:00:00Z", false], ["2024-02-29T12:00:00Z", true], ["2024-04-30T12:00:00Z", true], ["2024-04-29T12:00:00Z", false], ["2024-12-31T12:00:00Z", true]]],
  [{ daysOfMonth: ["-3:-1"] }, [["2024-02-26T12:00:00Z", false], ["2024-02-27T12:00:00Z", true], ["2024-02-29T12:00:00Z", true], ["2023-02-25T12:00:00Z", false], ["2023-02-26T12:00:00Z", true]]],
  [{ daysOfMonth: ["25:31"] }, [["2024-02-25T12:00:00Z", true], ["2024-02-29T12:00:00Z", true], ["2024-04-30T12:00:00Z", true]]],
  [{ daysOfMonth: ["30:31"] }, [["2024-02-28T12:00:00Z", false], ["2024-02-29T12:00:00Z", false], ["2024-03-30T12:00:00Z", true]]],
  [{ daysOfMonth: ["-31:-29"] }, [["2024-02-01T12:00:00Z", true], ["2024-02-02T12:00:00Z", false], ["2023-02-01T12:00:00Z", false], ["2024-03-01T12:00:00Z", true], ["2024-03-03T12:00:00Z", true], ["2024-03-04T12:00:00Z", false]]],
  [{ daysOfMonth: ["1:-1"] }, [["2024-02-15T12:00:00Z", true]]],
  [{ daysOfMonth: ["7:-7"] }, [["2024-02-06T12:00:00Z", false], ["2024-02-07T12:00:00Z", true], ["2024-02-23T12:00:00Z", true], ["2024-02-24T12:00:00Z", false]]],
  // Alertmanager 0.25 gives [false, true, true, false] here: it counted this month's days from its length in hours.
  [{ daysOfMonth: ["-1"], location: "America/New_York" }, [["2024-03-31T16:00:00Z", true], ["2024-03-30T16:00:00Z", false], ["2024-11-30T16:00:00Z", true], ["2024-11-29T16:00:00Z", false]]],
  // Alertmanager 0.25 gives [false, true, true] here: it counted this month's days from its length in hours.
  [{ daysOfMonth: ["-1"], location: "Europe/Berlin" }, [["2024-03-31T10:00:00Z", true], ["2024-03-30T10:00:00Z", false], ["2024-10-31T10:00:00Z", true]]],
  [{ months: ["may:august"] }, [["2024-04-30T23:59:59Z", false], ["2024-05-01T00:00:00Z", true], ["2024-08-31T23:59:59Z", true], ["2024-09-01T00:00:00Z", false]]],
  [{ months: ["1:3", "december"] }, [["2024-01-10T00:00:00Z", true], ["2024-03-31T00:00:00Z", true], ["2024-04-01T00:00:00Z", false], ["2024-12-01T00:00:00Z", true]]],
  [{ months: ["13"] }, [["2024-12-01T00:00:00Z", false]]],
  [{ years: ["2020:2022", "2030"] }, [["2019-12-31T23:59:59Z", false], ["2020-01-01T00:00:00Z", true], ["2022-12-31T23:59:59Z", true], ["2023-01-01T00:00:00Z", false], ["2030-06-01T00:00:00Z", true]]],
  [{ years: ["2024"], location: "Pacific/Kiritimati" }, [["2023-12-31T10:00:00Z", true], ["2023-12-31T09:59:59Z", false]]],
  [{ times: [["09:00", "17:00"]], weekdays: ["monday:friday"], location: "Europe/Berlin" }, [["2024-03-29T07:59:00Z", false], ["2024-03-29T08:00:00Z", true], ["2024-04-01T07:00:00Z", true], ["2024-04-01T06:59:00Z", false], ["2024-04-01T15:00:00Z", false], ["2024-10-28T08:00:00Z", true], ["2024-10-28T07:59:00Z", false], ["2024-10-28T15:59:00Z", true], ["2024-10-28T16:00:00Z", false]]],
  [{ times: [["02:00", "03:00"]], location: "America/New_York" }, [["2024-03-10T06:59:00Z", false], ["2024-03-10T07:00:00Z", false], ["2024-03-10T07:30:00Z", false], ["2024-03-11T07:30:00Z", false]]],
  [{ times: [["01:00", "02:00"]], location: "America/New_York" }, [["2024-11-03T05:30:00Z", true], ["2024-11-03T06:30:00Z", true], ["2024-11-03T07:30:00Z", false]]],
  [{ times: [["09:00", "09:30"]], location: "Asia/Kolkata" }, [["2024-06-01T03:29:00Z", false], ["2024-06-01T03:30:00Z", true], ["2024-06-01T03:59:00Z", true], ["2024-06-01T04:00:00Z", false]]],
  [{ times: [["01:30", "02:00"]], location: "Australia/Lord_Howe" }, [["2024-04-06T14:30:00Z", true], ["2024-04-06T15:00:00Z", true], ["2024-04-06T15:15:00Z", true]]],
  [{ location: "Etc/GMT+5", times: [["00:00", "01:00"]] }, [["2024-01-01T05:30:00Z", true], ["2024-01-01T04:30:00Z", false]]],
  [{ location: "US/Eastern", weekdays: ["sunday"] }, [["2024-01-15T03:00:00Z", true], ["2024-01-15T05:00:00Z", false]]],
  [{ location: "UTC", times: [["23:00", "24:00"]] }, [["2024-01-15T23:30:00Z", true]]],
  [{ location: "", times: [["23:00", "24:00"]] }, [["2024-01-15T23:30:00Z", true]]],
  [{}, [["2024-01-15T23:30:00Z", true]]],
  [{ weekdays: [] }, [["2024-01-15T23:30:00Z", false]]],
  [{ times: [] }, [["2024-01-15T23:30:00Z", false]]],
  [{ daysOfMonth: [], location: "Europe/Berlin" }, [["2024-01-15T23:30:00Z", false]]],
  [{ times: [["09:00", "17:00"]], daysOfMonth: ["1:7"], months: ["january"], years: ["2024"], weekdays: ["monday"], location: "Asia/Tokyo" }, [["2024-01-01T00:00:00Z", true], ["2024-01-01T08:00:00Z", false], ["2024-01-08T00:00:00Z", false], ["2024-01-02T00:00:00Z", false]]],
];

for (const [spec, instants] of cases) {
  test(`interval ${JSON.stringify(spec)}`, () => {
    const ti = build(spec);
    for (const [at, expected] of instants) assert.equal(intervalContains(ti, new Date(at)), expected, at);
  });
}

test('anyIntervalContains matches when one entry does', () => {
  const weekend = build({ weekdays: ['saturday', 'sunday'] });
  const nights = build({ times: [['00:00', '06:00']] });
  assert.equal(anyIntervalContains([weekend, nights], new Date('2024-01-15T05:00:00Z')), true);
  assert.equal(anyIntervalContains([weekend, nights], new Date('2024-01-15T07:00:00Z')), false);
  assert.equal(anyIntervalContains([], new Date('2024-01-15T07:00:00Z')), false);
});

test('matchingIntervalNames lists a name once per matching entry, like Intervener.Mutes', () => {
  const intervals = new Map([
    ['weekend', [build({ weekdays: ['saturday', 'sunday'] }), build({ weekdays: ['sunday'] })]],
    ['nights', [build({ times: [['00:00', '06:00']] })]],
  ]);
  const sunday = new Date('2024-01-14T12:00:00Z');
  assert.deepEqual(matchingIntervalNames(intervals, ['nights', 'weekend'], sunday), ['weekend', 'weekend']);
  assert.deepEqual(matchingIntervalNames(intervals, ['nights'], sunday), []);
  assert.throws(() => matchingIntervalNames(intervals, ['holidays'], sunday), {
    message: "time interval holidays doesn't exist in config",
  });
});

test('Local follows the process time zone', () => {
  const saved = process.env.TZ;
  try {
    process.env.TZ = 'Asia/Tokyo';
    const ti = build({ times: [['09:00', '10:00']], location: 'Local' });
    assert.equal(intervalContains(ti, new Date('2024-01-15T00:30:00Z')), true);
    assert.equal(intervalContains(ti, new Date('2024-01-15T09:30:00Z')), false);
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sprint, sprintf, sprintln } from './fmt.ts';
import { formatFloat } from './ftoa.ts';
import { GoNumber, declareStruct } from './values.ts';

class Point {
  X = 1n;
  Y = 2n;
}
declareStruct(Point, 'main.Point', ['X', 'Y']);

class Celsius {
  constructor(readonly v: number) {}
  String(): string {
    return `${this.v}°C`;
  }
}

describe('fmt.Sprintf', () => {
  const cases: Array<[string, unknown[], string]> = [
    ['%d|%5d|%-5d|%05d|%+d|%x|%X|%o|%O|%b', [42n, 42n, 42n, -42n, 42n, 255n, 255n, 8n, 8n, 5n], '42|   42|42   |-0042|+42|ff|FF|10|0o10|101'],
    ['%s|%q|%x|%10s|%-4s|%.2s', ['go', 'a"b', 'hi', 'r', 'l', 'abc'], 'go|"a\\"b"|6869|         r|l   |ab'],
    ['%f|%.2f|%e|%g|%G|%v', [3.14159, 2.675, 1234.5678, 1e21, 1e-7, 1e6], '3.141590|2.67|1.234568e+03|1e+21|1E-07|1e+06'],
    ['%.0f %.0f %.0f', [0.5, 1.5, 2.5], '0 2 2'],
    ['%t %v %c %U %q', [true, false, 0x65n, 0x1f600n, 0x41n], 'true false e U+1F600 \'A\''],
    ['%v|%+v|%#v', [new Point(), new Point(), new Point()], '{1 2}|{X:1 Y:2}|main.Point{X:1, Y:2}'],
    ['%v %s %d', [['a', 1n], { b: 2n, a: 1n }, [1n, 2n]], '[a 1] map[a:%!s(int=1) b:%!s(int=2)] [1 2]'],
    ['%v|%s|%d', [new Celsius(21.5), new Celsius(3), new Celsius(0)], '21.5°C|3°C|{%!d(float64=0)}'],
    ['%d %s', ['x', 5n], '%!d(string=x) %!s(int=5)'],
    ['%s %s', ['only'], 'only %!s(MISSING)'],
    ['%s', ['a', 1n, null], 'a%!(EXTRA int=1, <nil>)'],
    ['%[2]d %[1]d %d', [1n, 2n], '2 1 2'],
    ['%*d|%.*f', [4n, 7n, 1n, 2.25], '   7|2.2'],
    ['%v %d', [new GoNumber('uint8', 200n), new GoNumber('int32', -3n)], '200 -3'],
    ['%v %T %T %T', [null, null, 1.5, new Point()], '<nil> <nil> float64 main.Point'],
    ['100%%', [], '100%'],
    ['%!', [], '%!!(MISSING)'],
    ['abc%', [], 'abc%!(NOVERB)'],
  ];
  for (const [format, args, want] of cases) {
    it(`${format} → ${want}`, () => assert.equal(sprintf(format, args), want));
  }
});

describe('fmt.Sprint and Sprintln', () => {
  it('adds spaces only between operands that are not strings', () => {
    assert.equal(sprint([1n, 2n, 'a', 'b', 3n, 1.5]), '1 2ab3 1.5');
    assert.equal(sprintln([1n, 'a', 2n]), '1 a 2\n');
  });
});

describe('strconv.FormatFloat', () => {
  const cases: Array<[number, string, number, string]> = [
    [1e21, 'g', -1, '1e+21'], [123456, 'g', -1, '123456'], [1234567, 'g', -1, '1.234567e+06'],
    [0.0001, 'g', -1, '0.0001'], [0.00001, 'g', -1, '1e-05'], [100, 'e', 2, '1.00e+02'],
    [1.005, 'f', 2, '1.00'], [1.125, 'f', 2, '1.12'], [-0, 'g', -1, '-0'], [NaN, 'g', -1, 'NaN'],
    [Infinity, 'f', 2, '+Inf'], [3.5, 'x', -1, '0x1.cp+01'], [1, 'b', -1, '4503599627370496p-52'],
    [123456, 'g', 3, '1.23e+05'], [1e100, 'f', 0, '10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104'],
  ];
  for (const [v, fmt, prec, want] of cases) {
    it(`${v} ${fmt} ${prec} → ${want}`, () => assert.equal(formatFloat(v, fmt, prec), want));
  }
  it('formats float32 with its own shortest digits', () => {
    assert.equal(sprint([new GoNumber('float32', Math.fround(0.1))]), '0.1');
  });
});

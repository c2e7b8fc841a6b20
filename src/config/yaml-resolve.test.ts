import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { resolvePlain } from './yaml-resolve.ts';

// yaml.v2 resolve.go. Cases marked (amtool) were also observed through amtool check-config 0.25.
describe('resolvePlain (yaml.v2 implicit types)', () => {
  const cases: [string, string, unknown][] = [
    ['yes', '!!bool', true], // (amtool: continue: yes)
    ['Y', '!!bool', true], // (amtool)
    ['off', '!!bool', false], // (amtool)
    ['True', '!!bool', true],
    ['~', '!!null', null], // (amtool)
    ['', '!!null', null],
    ['0x1F', '!!int', 31n], // (amtool)
    ['0777', '!!int', 511n], // (amtool: octal)
    ['1_000', '!!int', 1000n], // (amtool)
    ['0b101', '!!int', 5n],
    ['-1', '!!int', -1n], // (amtool)
    ['1.9', '!!float', 1.9], // (amtool: truncated into ints)
    ['1e3', '!!float', 1000],
    ['.inf', '!!float', Infinity],
    ['99999999999999999999', '!!float', 1e20], // (amtool: too big for 64 bits)
    ['2020-01-02', '!!timestamp', '2020-01-02'], // (amtool)
    ['1:30', '!!str', '1:30'], // (amtool: no sexagesimal)
    ['abc', '!!str', 'abc'],
    ['<<', '!!merge', '<<'],
  ];
  for (const [text, tag, value] of cases) {
    it(`${JSON.stringify(text)} is ${tag}`, () => {
      assert.deepEqual(resolvePlain(text), { tag, value });
    });
  }
});

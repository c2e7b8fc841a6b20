import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprint, labelSetToString, namesInGoOrder, sortedLabelNames, type LabelSet } from './label-set.ts';

// Fingerprints and strings printed by prometheus/common (model.LabelSet.Fingerprint and the
// current LabelSet.String) through a Go program. The fingerprints of every set the 0.25 API accepts
// (legacy names, no empty values) were also read back from a running Alertmanager 0.25.
const cases: [LabelSet, string, string][] = [
  [{}, "cbf29ce484222325", "{}"],
  [{ "alertname": "A1", "instance": "i1", "severity": "warning" }, "a0aface951a9e05e", "{alertname=\"A1\", instance=\"i1\", severity=\"warning\"}"],
  [{ "alertname": "A2" }, "060d4143451edb5d", "{alertname=\"A2\"}"],
  [{ "alertname": "A1", "severity": "critical" }, "70ae0576423d1244", "{alertname=\"A1\", severity=\"critical\"}"],
  [{ "alertname": "Unicode", "msg": "\u65e5\u672c\u8a9e \ud83d\ude00 \u00e9" }, "68af3f210fe9ebb5", "{alertname=\"Unicode\", msg=\"\u65e5\u672c\u8a9e \ud83d\ude00 \u00e9\"}"],
  [{ "alertname": "Quotes", "v": "say \"hi\"\\ \n\t" }, "a42400cadda90686", "{alertname=\"Quotes\", v=\"say \\\"hi\\\"\\\\ \\n\\t\"}"],
  [{ "alertname": "Ctl", "v": "\u0000\u0007\u007f\u0085\u00a0\u200b" }, "bca8239baf88045b", "{alertname=\"Ctl\", v=\"\\x00\\a\\x7f\\u0085\\u00a0\\u200b\"}"],
  [{ "B": "u", "_x": "w", "a": "x", "a0": "y", "a_b": "z", "alertname": "Order" }, "f1fe5181799edba2", "{B=\"u\", _x=\"w\", a=\"x\", a0=\"y\", a_b=\"z\", alertname=\"Order\"}"],
  [{ alertname: 'Many', ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`label_${String(i).padStart(2, '0')}`, `value ${i}`])) }, "48007e774321b407", "{alertname=\"Many\", label_00=\"value 0\", label_01=\"value 1\", label_02=\"value 2\", label_03=\"value 3\", label_04=\"value 4\", label_05=\"value 5\", label_06=\"value 6\", label_07=\"value 7\", label_08=\"value 8\", label_09=\"value 9\", label_10=\"value 10\", label_11=\"value 11\", label_12=\"value 12\", label_13=\"value 13\", label_14=\"value 14\", label_15=\"value 15\", label_16=\"value 16\", label_17=\"value 17\", label_18=\"value 18\", label_19=\"value 19\", label_20=\"value 20\", label_21=\"value 21\", label_22=\"value 22\", label_23=\"value 23\", label_24=\"value 24\", label_25=\"value 25\", label_26=\"value 26\", label_27=\"value 27\", label_28=\"value 28\", label_29=\"value 29\", label_30=\"value 30\", label_31=\"value 31\", label_32=\"value 32\", label_33=\"value 33\", label_34=\"value 34\", label_35=\"value 35\", label_36=\"value 36\", label_37=\"value 37\", label_38=\"value 38\", label_39=\"value 39\"}"],
  [{ "alertname": "Empty", "e": "" }, "175701e98e667342", "{alertname=\"Empty\", e=\"\"}"],
  [{ "alertname": "Astral", "v": "\ud83d\ude00\ue000" }, "c53979dd28b807d0", "{alertname=\"Astral\", v=\"\ud83d\ude00\\ue000\"}"],
  [{ alertname: 'Long', v: 'x'.repeat(2000) }, "8ec962d64d9ff5aa", `{alertname="Long", v="${'x'.repeat(2000)}"}`],
  [{}, "cbf29ce484222325", "{}"],
  [{}, "cbf29ce484222325", "{}"],
];

for (const [ls, fp, str] of cases) {
  test(`fingerprint and string of ${str.slice(0, 60)}`, () => {
    assert.equal(fingerprint(ls), fp);
    assert.equal(labelSetToString(ls), str);
  });
}

test('the fingerprint ignores insertion order', () => {
  assert.equal(fingerprint({ b: '2', a: '1' }), fingerprint({ a: '1', b: '2' }));
});

test('a lone surrogate hashes like U+FFFD', () => {
  assert.equal(fingerprint({ v: 'a\ud800' }), fingerprint({ v: 'a\ufffd' }));
});

test('namesInGoOrder tells whether for...in visits the names in Go order', () => {
  assert.equal(namesInGoOrder({}), true);
  assert.equal(namesInGoOrder({ B: '', a: '', a0: '', b: '', '\ue000': '', '\u{1f600}': '' }), true);
  assert.equal(namesInGoOrder({ a: '', a0: '', b: '', '\u{1f600}': '', '\ue000': '' }), false);
  assert.equal(namesInGoOrder({ b: '', a: '' }), false);
  // Integer-like names come first whatever their insertion order, and "10" sorts before "9".
  assert.equal(namesInGoOrder({ a: '', '9': '', '10': '' }), false);
});

test('sortedLabelNames orders by UTF-8 bytes, as Go does', () => {
  assert.deepEqual(sortedLabelNames({ '\ue000': '', '\u{1f600}': '', b: '', a0: '', a: '', B: '' }), [
    'B',
    'a',
    'a0',
    'b',
    '\ue000',
    '\u{1f600}',
  ]);
});

// Unit tests of the workflow page's YAML highlighting (ui/src/screens/workflow_yaml.tsx): every
// character stays as written, and keys, strings, numbers and comments get their classes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenizeYaml } from '../../../ui/src/screens/workflow_yaml';
import type { Token } from '../../../ui/src/screens/workflow_yaml';

const marked = (lines: Token[][]) =>
  lines.map((line) => line.map((t) => (t.cls ? `[${t.cls.slice(4)}:${t.text}]` : t.text)).join(''));

test('keys, strings, numbers, literals and comments get their classes; the text is kept', () => {
  const source = [
    '# top comment',
    'name: churn # trailing',
    'params:',
    '  ks_min: {type: number, default: 0.30, required: false}',
    '  url: "hdfs:///x#y"',
    "  it's: 'a ''quoted'' one'",
    'steps:',
    '  - id: train',
    '    args: [--data, "${params.d}", -1]',
    '',
  ].join('\n');
  const lines = tokenizeYaml(source);
  assert.deepEqual(marked(lines), [
    '[com:# top comment]',
    '[key:name]: churn [com:# trailing]',
    '[key:params]:',
    '  [key:ks_min]: {[key:type]: number, [key:default]: [num:0.30], [key:required]: [num:false]}',
    '  [key:url]: [str:"hdfs:///x#y"]',
    "  [key:it's]: [str:'a ''quoted'' one']",
    '[key:steps]:',
    '  - [key:id]: train',
    '    [key:args]: [--data, [str:"${params.d}"], [num:-1]]',
  ]);
  assert.equal(lines.map((l) => l.map((t) => t.text).join('')).join('\n') + '\n', source);
});

test('a block scalar reads as a string until the indentation falls back', () => {
  const lines = tokenizeYaml(['a:', '  run: |', '    echo 1 # not a comment', '', '    key: no', '  next: 2'].join('\n'));
  assert.deepEqual(marked(lines), [
    '[key:a]:',
    '  [key:run]: |',
    '[str:    echo 1 # not a comment]',
    '',
    '[str:    key: no]',
    '  [key:next]: [num:2]',
  ]);
});

test('a URL or a time in a plain value is not a key; CRLF line ends are read', () => {
  assert.deepEqual(marked(tokenizeYaml('url: http://host:8998/x\r\nat: 12:30\r\n')), ['[key:url]: http://host:8998/x', '[key:at]: 12:30']);
});

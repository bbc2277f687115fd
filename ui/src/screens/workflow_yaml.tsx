// A workflow's YAML source, read-only, with light highlighting: a small line-based tokenizer (keys,
// strings, numbers and literals, comments) rendered as spans with tok-* classes. It only colours
// text; every character of the source is shown as written, so what is on screen is the file.
import type { ComponentChildren } from 'preact';

/** One piece of a line: its text and its class ('' for plain text). */
export interface Token {
  text: string;
  cls: '' | 'tok-key' | 'tok-str' | 'tok-num' | 'tok-com';
}

const numberOrLiteral = /^(?:[-+]?(?:\d[\d_]*)(?:\.\d*)?(?:[eE][-+]?\d+)?|[-+]?\.\d+(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|true|false|True|False|TRUE|FALSE|null|Null|NULL|~)$/;
// `key: |`, `- >-`, `key: |2 # note`: a line that opens a block scalar.
const blockScalar = /(?:^\s*|:\s+|-\s+)[|>][-+1-9]*\s*(?:#.*)?$/;

function push(out: Token[], text: string, cls: Token['cls']) {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.cls === cls) last.text += text;
  else out.push({ text, cls });
}

// The length of a quoted string starting at `from` (which holds the quote), up to the closing one
// or the end of the line.
function quotedLength(line: string, from: number): number {
  const quote = line[from];
  let i = from + 1;
  while (i < line.length) {
    if (quote === '"' && line[i] === '\\') i += 2;
    else if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") i += 2;
      else return i + 1 - from;
    } else i += 1;
  }
  return line.length - from;
}

// A plain scalar from `from`: up to a flow indicator inside a flow collection, ': ' or ' #'.
function plainLength(line: string, from: number, inFlow: boolean): number {
  let i = from;
  while (i < line.length) {
    const c = line[i];
    if (inFlow && (c === ',' || c === '[' || c === ']' || c === '{' || c === '}')) break;
    if (c === ':' && (i + 1 === line.length || /[\s,\]}]/.test(line[i + 1]))) break;
    if (c === '#' && i > from && /\s/.test(line[i - 1])) break;
    i += 1;
  }
  return i - from;
}

// Tokens of a line from `from` (after the indentation): keys, values, flow collections, comments.
function scan(line: string, from: number, out: Token[]) {
  let depth = 0;
  let i = from;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      let j = i;
      while (j < line.length && (line[j] === ' ' || line[j] === '\t')) j++;
      push(out, line.slice(i, j), '');
      i = j;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      push(out, line.slice(i), 'tok-com');
      return;
    } else if (c === '-' && depth === 0 && (i + 1 === line.length || line[i + 1] === ' ')) {
      push(out, '-', '');
      i += 1;
    } else if ('[{'.includes(c)) {
      depth += 1;
      push(out, c, '');
      i += 1;
    } else if (']},'.includes(c)) {
      depth = Math.max(0, depth - (c === ',' ? 0 : 1));
      push(out, c, '');
      i += 1;
    } else if (c === ':') {
      push(out, ':', '');
      i += 1;
    } else {
      const quoted = c === '"' || c === "'";
      const n = quoted ? quotedLength(line, i) : Math.max(1, plainLength(line, i, depth > 0));
      const text = line.slice(i, i + n);
      // A key is a scalar followed by ':' and a space, the end of the line or a flow indicator.
      const after = line.slice(i + n);
      const isKey = /^\s*:(?:\s|$|[,\]}])/.test(after);
      const cls: Token['cls'] = isKey ? 'tok-key' : quoted ? 'tok-str' : numberOrLiteral.test(text.trim()) ? 'tok-num' : '';
      push(out, text, cls);
      i += n;
    }
  }
}

/** Splits YAML text into lines of tokens. Block scalars (`|`, `>`) read as strings. */
export function tokenizeYaml(source: string): Token[][] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const result: Token[][] = [];
  let blockIndent = -1; // inside a block scalar: the indentation of the line that opened it
  for (const line of lines) {
    const out: Token[] = [];
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0) {
      if (line.trim() === '' || indent > blockIndent) {
        push(out, line, 'tok-str');
        result.push(out);
        continue;
      }
      blockIndent = -1;
    }
    scan(line, 0, out);
    // The more indented lines after a block scalar's opening line are the scalar's text.
    if (blockScalar.test(line)) blockIndent = indent;
    result.push(out);
  }
  return result;
}

/** The source as a read-only, keyboard-scrollable block with highlighted tokens. */
export function YamlSource({ source, label }: { source: string; label: string }) {
  const lines = tokenizeYaml(source);
  const children: ComponentChildren[] = [];
  lines.forEach((line, n) => {
    if (n > 0) children.push('\n');
    for (const t of line) children.push(t.cls ? <span class={t.cls}>{t.text}</span> : t.text);
  });
  return (
    <pre class="source" tabIndex={0} aria-label={label}>
      <code>{children}</code>
    </pre>
  );
}

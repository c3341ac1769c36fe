/**
 * JSON parsing that reports where a broken file breaks. `JSON.parse` is used for speed; only when it fails does
 * a small RFC 8259 scanner walk the text to find the offset of the first error, because V8's messages do not
 * always carry a position (Node 20: "Unexpected token '}', ... is not valid JSON").
 */
import { TilerError } from './errors.js';

/**
 * Parses `text` as JSON. A leading UTF-8 byte order mark is ignored.
 * @param file name used in error messages
 * @param firstLine line number of the text's first line in the file (for CityJSONSeq lines), 1-based
 * @throws TilerError code JSON_SYNTAX with `file`, `line` and `column` (1-based, column counted in UTF-16 units)
 */
export function parseJson(text: string, file: string, firstLine = 1): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (err) {
    const found = locateJsonError(body);
    const offset = found?.offset ?? body.length;
    const { line, column } = lineAndColumn(body, offset);
    const what = found?.message ?? (err instanceof Error ? err.message : 'invalid JSON');
    throw new TilerError('JSON_SYNTAX', `invalid JSON at line ${line + firstLine - 1}, column ${column}: ${what}`, {
      file,
      line: line + firstLine - 1,
      column,
    });
  }
}

/** 1-based line and column of a character offset. Lines end at \n (a \r before it counts as part of the line). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

const MAX_DEPTH = 10_000;

/**
 * Finds the first syntax error in a JSON text (RFC 8259). Returns null when the text is valid JSON.
 * Iterative, so deeply nested input cannot overflow the stack.
 */
export function locateJsonError(s: string): { offset: number; message: string } | null {
  let i = 0;
  const n = s.length;
  const stack: number[] = []; // 1 = array, 2 = object
  const ws = () => {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const fail = (message: string) => ({ offset: i, message });
  const describe = () => (i >= n ? 'unexpected end of input' : `unexpected character ${JSON.stringify(s[i])}`);

  // Scans a string starting at s[i] === '"'; returns an error message or null.
  const scanString = (): string | null => {
    i++;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20) return 'control character in string';
      if (c === 0x5c) {
        const e = s[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
            i++;
            return 'bad \\u escape in string';
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          return 'bad escape in string';
        }
      } else i++;
    }
    return 'unterminated string';
  };

  const scanNumber = (): boolean => {
    const m = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    m.lastIndex = i;
    const r = m.exec(s);
    if (!r || r[0] === '' || r[0] === '-') return false;
    i += r[0].length;
    return true;
  };

  /** A property name and its ':' (object member, RFC 8259 §4); returns what is wrong, or null. */
  const scanPropertyName = (): string | null => {
    if (s[i] !== '"') return `expected a property name in double quotes, ${describe()}`;
    const e = scanString();
    if (e) return e;
    ws();
    if (s[i] !== ':') return `expected ':' after property name, ${describe()}`;
    i++;
    return null;
  };

  // expecting: 'value' (a value must come next) or 'after' (a value just ended)
  let expecting: 'value' | 'after' = 'value';
  ws();
  for (;;) {
    if (expecting === 'value') {
      ws();
      if (i >= n) return fail('unexpected end of input');
      const c = s[i];
      if (c === '{' || c === '[') {
        if (stack.length >= MAX_DEPTH) return fail('nesting too deep');
        stack.push(c === '[' ? 1 : 2);
        i++;
        ws();
        if (s[i] === (c === '[' ? ']' : '}')) {
          stack.pop();
          i++;
          expecting = 'after';
          continue;
        }
        if (c === '{') {
          const e = scanPropertyName();
          if (e) return fail(e);
        }
        expecting = 'value';
        continue;
      }
      if (c === '"') {
        const e = scanString();
        if (e) return fail(e);
      } else if (s.startsWith('true', i)) i += 4;
      else if (s.startsWith('false', i)) i += 5;
      else if (s.startsWith('null', i)) i += 4;
      else if (!scanNumber()) return fail(`expected a value, ${describe()}`);
      expecting = 'after';
      continue;
    }
    ws();
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (i < n) return fail(`unexpected content after the JSON value: ${JSON.stringify(s[i])}`);
      return null;
    }
    const c = s[i];
    if (c === ',') {
      i++;
      ws();
      if (top === 2) {
        const e = scanPropertyName();
        if (e) return fail(e);
      }
      expecting = 'value';
    } else if ((top === 1 && c === ']') || (top === 2 && c === '}')) {
      stack.pop();
      i++;
    } else {
      return fail(`expected ',' or '${top === 1 ? ']' : '}'}', ${describe()}`);
    }
  }
}

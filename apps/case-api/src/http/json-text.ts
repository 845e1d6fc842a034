import type { FieldError } from './validation';

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The offset of the first byte that is not well-formed UTF-8 (overlong, surrogate, truncated). */
const firstBadByte = (bytes: Uint8Array): number => {
  for (let at = 0; at < bytes.length;) {
    const lead = bytes[at]!;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0 || at + length > bytes.length) return at;
    try {
      fatalUtf8.decode(bytes.subarray(at, at + length));
    } catch {
      return at;
    }
    at += length;
  }
  return bytes.length;
};

interface Frame {
  readonly kind: 'object' | 'array';
  readonly keys: Set<string>;
  key: string | null;
  expectKey: boolean;
  index: number;
}

const pathOf = (stack: readonly Frame[], last?: string): string => {
  const parts = stack.flatMap((frame) =>
    frame.kind === 'array' ? [String(frame.index)] : frame.key === null ? [] : [frame.key],
  );
  if (last !== undefined) parts.push(last);
  return parts.join('.') || 'body';
};

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * What JSON.parse lets through silently but a case record must not hold: bytes that are not
 * UTF-8 (read as U+FFFD), a key twice in one object (the last would win), and an escaped lone
 * surrogate (no character at all). One pass over the text, before it is parsed; a body that is
 * not JSON at all is left to the parser's own error.
 */
export const jsonTextProblem = (bytes: Uint8Array): FieldError | null => {
  let text: string;
  try {
    text = fatalUtf8.decode(bytes);
  } catch {
    const at = firstBadByte(bytes);
    return { field: 'body', rule: 'utf8', message: `the body is not valid UTF-8 (byte ${at})` };
  }
  const stack: Frame[] = [];
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at];
    const top = stack.at(-1);
    if (char === '"') {
      let value = '';
      let end = at + 1;
      for (; end < text.length && text[end] !== '"'; end += 1) {
        if (text[end] !== '\\') {
          value += text[end];
          continue;
        }
        end += 1;
        const escape = text[end];
        if (escape !== 'u') {
          value +=
            escape === 'n'
              ? '\n'
              : escape === 't'
                ? '\t'
                : escape === 'r'
                  ? '\r'
                  : escape === 'b'
                    ? '\b'
                    : escape === 'f'
                      ? '\f'
                      : (escape ?? '');
          continue;
        }
        const unit = Number.parseInt(text.slice(end + 1, end + 5), 16);
        if (Number.isNaN(unit)) return null;
        end += 4;
        const pairsWithNext =
          isHigh(unit) &&
          text.slice(end + 1, end + 3) === '\\u' &&
          isLow(Number.parseInt(text.slice(end + 3, end + 7), 16));
        if (pairsWithNext) {
          value += String.fromCharCode(unit, Number.parseInt(text.slice(end + 3, end + 7), 16));
          end += 6;
        } else if (isHigh(unit) || isLow(unit)) {
          const isKey = top?.kind === 'object' && top.expectKey;
          return {
            field: isKey ? pathOf(stack.slice(0, -1)) : pathOf(stack),
            rule: 'unicode',
            message: `contains a lone surrogate \\u${unit.toString(16).padStart(4, '0')}, which is no character`,
          };
        } else value += String.fromCharCode(unit);
      }
      if (end >= text.length) return null;
      if (top?.kind === 'object' && top.expectKey) {
        if (top.keys.has(value))
          return {
            field: pathOf(stack.slice(0, -1), value),
            rule: 'uniqueKeys',
            message: `the key ${value} appears twice`,
          };
        top.keys.add(value);
        top.key = value;
        top.expectKey = false;
      }
      at = end;
    } else if (char === '{')
      stack.push({ kind: 'object', keys: new Set(), key: null, expectKey: true, index: 0 });
    else if (char === '[')
      stack.push({ kind: 'array', keys: new Set(), key: null, expectKey: false, index: 0 });
    else if (char === '}' || char === ']') stack.pop();
    else if (char === ',' && top) {
      if (top.kind === 'object') top.expectKey = true;
      else top.index += 1;
    }
  }
  return null;
};

/**
 * Text from the API (titles, descriptions, names, logs) may carry control characters or terminal escape
 * sequences. On a terminal they could move the cursor, rewrite the title bar or hide text, so they are
 * made visible instead: ESC becomes `^[`, other C0/C1 controls become `^X` / `\u{..}`. Newlines and tabs
 * are kept unless `singleLine` is asked for (table cells).
 */

// C0 controls except \t and \n, DEL, the C1 range (0x80-0x9f), and the bidirectional embeddings,
// overrides (U+202A-U+202E) and isolates (U+2066-U+2069), which can
// make text read in another order than it is (a "Trojan Source" title).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function caret(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c === 0x0a || c === 0x09) return ' ';
  if (c < 0x20) return `^${String.fromCharCode(c + 0x40)}`;
  if (c === 0x7f) return '^?';
  return `\\u{${c.toString(16)}}`;
}

export function sanitize(text: string, opts: { singleLine?: boolean } = {}): string {
  return text.replace(opts.singleLine ? CONTROL_SINGLE_LINE : CONTROL, caret);
}

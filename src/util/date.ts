/**
 * The one place a server's time becomes text. Data Center sends epoch milliseconds (int64: a valid answer can
 * hold a number no Date can), Cloud ISO strings. ISO 8601 when the value is a time; otherwise the value as the
 * server sent it; null when there is none. Never throws ("Invalid time value" is not an answer).
 */
export function isoDate(t: unknown): string | null {
  if (t === undefined || t === null || t === '') return null;
  if (typeof t !== 'number' && typeof t !== 'string') return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString();
}

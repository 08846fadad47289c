/**
 * Bitbucket Pipelines schedules take a Quartz cron expression "with second precision (7 fields)" (the spec's
 * pipeline_schedule.cron_pattern: `0 0 12 * * ? *` runs at 12:00 UTC every day). Quartz's rules, which Bitbucket's
 * validation follows: seconds, minutes, hours, day of month, month, day of week and an optional year; lists (`,`),
 * ranges (`-`), steps (`/`), `*`; `?` only in the day-of-month or day-of-week field and in exactly one of them
 * (Quartz does not support both); `L`, `W`, `LW` in day of month; `L`, `nL`, `n#k` in day of week; names JAN–DEC and
 * SUN–SAT. The sandbox's own implementation (it lists schedules, it does not run them).
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: Field[] = [
  { name: 'seconds', min: 0, max: 59 },
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 1, max: 7, names: DAYS },
  { name: 'year', min: 1970, max: 2099 },
];

function value(f: Field, text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= f.min && n <= f.max ? n : undefined;
  }
  const i = f.names?.indexOf(text.toUpperCase()) ?? -1;
  return i >= 0 ? i + 1 : undefined;
}

/** One item of a list: `*`, `v`, `a-b`, each optionally `/step`; plus the day fields' special forms. */
function itemOk(f: Field, index: number, item: string): boolean {
  if (index === 3 && /^(L|LW|L-\d{1,2}|\d{1,2}W)$/i.test(item)) {
    const n = /\d+/.exec(item)?.[0];
    return n === undefined || (Number(n) >= (item.startsWith('L') ? 0 : 1) && Number(n) <= (item.startsWith('L') ? 30 : 31));
  }
  if (index === 5) {
    if (/^L$/i.test(item)) return true;
    const last = /^(\w+)L$/i.exec(item);
    if (last?.[1]) return value(f, last[1]) !== undefined;
    const nth = /^(\w+)#(\d)$/.exec(item);
    if (nth?.[1]) return value(f, nth[1]) !== undefined && Number(nth[2]) >= 1 && Number(nth[2]) <= 5;
  }
  const [range, step, ...rest] = item.split('/');
  if (rest.length > 0 || range === undefined || range === '') return false;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1 && Number(step) <= f.max)) return false;
  if (range === '*') return true;
  const [a, b, ...more] = range.split('-');
  if (more.length > 0 || a === undefined || value(f, a) === undefined) return false;
  return b === undefined || value(f, b) !== undefined;
}

/** Why the expression is not a valid schedule, or undefined when it is. */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length < 6 || parts.length > 7) return `expected 7 fields (seconds to year), found ${parts[0] === '' ? 0 : parts.length}`;
  for (const [i, part] of parts.entries()) {
    const f = FIELDS[i] as Field;
    if (part === '?') {
      if (i !== 3 && i !== 5) return `'?' can only be specified for day of month or day of week`;
      continue;
    }
    if (!part.split(',').every((item) => itemOk(f, i, item))) return `invalid ${f.name} field "${part}"`;
  }
  const dom = parts[3] === '?';
  const dow = parts[5] === '?';
  if (dom && dow) return `'?' can only be specified for day of month -or- day of week`;
  if (!dom && !dow) return 'specifying both a day of week and a day of month is not supported: use ? in one of them';
  return undefined;
}

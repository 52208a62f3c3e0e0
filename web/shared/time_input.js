// Time fields that show and take 年/月/日 时:分 in Beijing time whatever the
// browser's locale (a datetime-local input follows the browser's, US order
// on an English system). The value is text such as "2026/12/02 08:00".
import {h} from '/shared/dom.js';

const SHAPE = /^\s*(\d{4})[/-](\d{1,2})[/-](\d{1,2})\s+(\d{1,2})[:：](\d{2})\s*$/;
const pad = (n) => String(n).padStart(2, '0');

// "2026/12/02 08:00" for `date` in Beijing time.
export function formatLocalInput(date = new Date()) {
  const t = new Date(date.getTime() + 8 * 3600 * 1000);
  return `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

// An RFC 3339 time (+08:00) from the field's text; undefined when empty.
// Throws an Error naming `label` when the text is not a real time.
export function parseLocalInput(text, label) {
  if (!text.trim()) return undefined;
  const m = SHAPE.exec(text);
  const [year, month, day, hour, minute] = m ? m.slice(1).map(Number) : [];
  const t = m && new Date(Date.UTC(year, month - 1, day, hour, minute));
  if (!m || hour > 23 || minute > 59 || t.getUTCMonth() !== month - 1 || t.getUTCDate() !== day) {
    throw new Error(`${label}应为 年/月/日 时:分，如 ${formatLocalInput()}`);
  }
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00+08:00`;
}

// The input: `spec` as for h(), the first value `date` (or empty).
export function timeInput(spec, {date, required = false} = {}) {
  return h(spec, {
    type: 'text', inputMode: 'numeric', autocomplete: 'off', required,
    placeholder: '年/月/日 时:分', title: '北京时间，如 2026/12/02 08:00',
    value: date ? formatLocalInput(date) : '',
  });
}

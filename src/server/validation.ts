/** Schemas for everything the browser sends; validated once at the edge. */
import * as v from 'valibot';
import { DOMAIN_NAME, LIMITS, type Preferences } from '../shared/view-model.js';
import { badRequest } from './errors.js';

// IDs go into upstream URL paths: a tight charset keeps "/" and "?" out.
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@~-]*$/;

export const invitationId = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(LIMITS.maxIdLength),
  v.regex(SAFE_ID, 'invalid characters'),
);

export const acceptBody = v.object({
  invitationIds: v.pipe(
    v.array(invitationId),
    v.minLength(1),
    v.maxLength(LIMITS.maxIds),
    v.check((ids) => new Set(ids).size === ids.length, 'IDs must be unique'),
  ),
});

export const scopeParams = v.object({
  scopeType: v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(SAFE_ID, 'invalid characters')),
  scope: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.maxIdLength), v.regex(SAFE_ID, 'invalid characters')),
});

/** A query parameter as a whole number; absent → 0. */
export const startQuery = v.optional(
  v.pipe(v.unknown(), v.transform(Number), v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
  0,
);

export const autojoinBody = v.object({
  domains: v.pipe(v.array(v.pipe(v.string(), v.regex(DOMAIN_NAME, 'must be a lowercase domain name'))), v.maxLength(LIMITS.maxAutojoinDomains)),
});

/** Date.parse rolls "02-31" over into March; a real date has its day in its month. */
function isCalendarDate(iso: string): boolean {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return !Number.isNaN(Date.parse(iso)) && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** An ISO 8601 date and time on a real calendar day, as UTC `…Z`. */
export const isoDateTime = v.pipe(
  v.string(),
  v.maxLength(40),
  v.isoTimestamp('must be an ISO 8601 date and time'),
  v.check(isCalendarDate, 'must be a real date'),
  v.transform((s) => new Date(s).toISOString()),
);

/** `PUT {base}/preferences`: the whole document; unknown keys are refused rather than dropped. */
export const preferencesBody = v.strictObject({
  dismissed: v.pipe(
    v.array(invitationId),
    v.maxLength(LIMITS.maxDismissed),
    v.transform((ids) => [...new Set(ids)]),
  ),
  snoozedUntil: v.nullable(isoDateTime),
});

/** What a preferences store holds, checked again: a value from an older version or a bad write reads as none. */
export function readPreferences(stored: string | null): Preferences {
  const none: Preferences = { dismissed: [], snoozedUntil: null };
  if (stored === null) return none;
  try {
    const parsed = v.safeParse(preferencesBody, JSON.parse(stored));
    return parsed.success ? parsed.output : none;
  } catch {
    return none;
  }
}

function typeName(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'NaN';
  return typeof input;
}

/**
 * Valibot's default messages quote the received value; these name what was
 * expected and at most the input's type, so nothing the client sent is echoed.
 * Messages set on a schema (e.g. 'invalid characters') take precedence.
 */
function describe(issue: v.BaseIssue<unknown>): string {
  const { input, requirement } = issue;
  const noun = typeName(input);
  const unit = Array.isArray(input) ? 'items' : 'characters';
  switch (issue.type) {
    case 'min_length':
      return `Too small: expected ${noun} to have >=${String(requirement)} ${unit}`;
    case 'max_length':
      return `Too big: expected ${noun} to have <=${String(requirement)} ${unit}`;
    case 'min_value':
      return `Too small: expected ${noun} to be >=${String(requirement)}`;
    case 'max_value':
      return `Too big: expected ${noun} to be <=${String(requirement)}`;
    case 'integer':
    case 'safe_integer':
      return `Invalid input: expected int, received ${noun}`;
    case 'regex':
      return 'invalid format';
  }
  // An object's own issue with a key (missing, or not allowed) names the key in `expected`; the path shows it already.
  if (issue.type.endsWith('object') && issue.path?.at(-1)?.origin === 'key') return input === undefined ? 'required' : 'unknown key';
  if (issue.kind === 'schema') return `Invalid input: expected ${issue.expected?.toLowerCase() ?? 'something else'}, received ${noun}`;
  return 'malformed';
}

/** Stops at the first issue and words it with `describe`; the emulator parses with it too. */
export const PARSE_CONFIG: v.Config<v.BaseIssue<unknown>> = { abortEarly: true, message: describe };

/** Parses or throws a 400 naming the first problem (never echoing the input). */
export function parse<T>(schema: v.GenericSchema<unknown, T>, value: unknown, what: string): T {
  const result = v.safeParse(schema, value, PARSE_CONFIG);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue?.path?.map((item) => String(item.key)) ?? [];
  const where = path.length > 0 ? ` at ${path.join('.')}` : '';
  throw badRequest(`Invalid ${what}${where}: ${issue?.message ?? 'malformed'}.`);
}

/** Schemas for everything the browser sends; validated once at the edge. */
import { z } from 'zod';
import { LIMITS } from '../shared/view-model.js';
import { badRequest } from './errors.js';

// IDs go into upstream URL paths: a tight charset keeps "/" and "?" out.
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@~-]*$/;

export const invitationId = z
  .string()
  .min(1)
  .max(LIMITS.maxIdLength)
  .regex(SAFE_ID, 'invalid characters');

export const acceptBody = z.object({
  invitationIds: z
    .array(invitationId)
    .min(1)
    .max(LIMITS.maxIds)
    .refine((ids) => new Set(ids).size === ids.length, 'IDs must be unique'),
});

export const scopeParams = z.object({
  scopeType: z.string().min(1).max(64).regex(SAFE_ID, 'invalid characters'),
  scope: z.string().min(1).max(LIMITS.maxIdLength).regex(SAFE_ID, 'invalid characters'),
});

export const startQuery = z.coerce.number().int().min(0).max(1_000_000).default(0);

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

export const autojoinBody = z.object({
  domains: z.array(z.string().regex(DOMAIN, 'must be a lowercase domain name')).max(50),
});

/** Parses or throws a 400 naming the first problem (never echoing the input). */
export function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw badRequest(`Invalid ${what}${where}: ${issue?.message ?? 'malformed'}.`);
}

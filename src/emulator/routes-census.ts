/**
 * The organisation-list ("census") API: one paginated, bearer-authenticated
 * list of claimed and unclaimed invitations, snake_case as its docs show.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { parse } from './http.js';
import type { InvitationStore } from './store.js';

export const CENSUS_MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 25;

const intParam = (name: string) =>
  v.pipe(v.string(), v.regex(/^\d{1,9}$/, `${name} must be a non-negative integer`), v.transform(Number));

// Absent parameters read as their query-string defaults, so they pass the same checks.
const listSchema = v.object({
  // "Always starts at 1. If 0 is specified, it defaults to 1."
  page: v.optional(v.pipe(intParam('page'), v.transform((p) => Math.max(1, p))), '1'),
  // "It can't exceed 100": answered with 400 rather than silently clamped,
  // so a client that asks for more learns it at once.
  per_page: v.optional(
    v.pipe(
      intParam('per_page'),
      v.minValue(1, 'per_page must be at least 1'),
      v.maxValue(CENSUS_MAX_PER_PAGE, `per_page can't exceed ${CENSUS_MAX_PER_PAGE}`),
    ),
    String(DEFAULT_PER_PAGE),
  ),
  order: v.optional(v.picklist(['asc', 'desc'])),
});

export function censusRoutes(store: InvitationStore): Hono {
  const app = new Hono();

  app.get('/', (c) => {
    const q = parse(listSchema, {
      page: c.req.query('page'),
      per_page: c.req.query('per_page'),
      order: c.req.query('order'),
    });
    const { records, total, lastPage } = store.listCensus(q.page, q.per_page, q.order ?? 'asc');
    return c.json({
      status: 'success',
      pagination: {
        total_records: total,
        per_page: q.per_page,
        prev_page: q.page > 1 ? Math.min(q.page - 1, lastPage) : null,
        page: q.page,
        next_page: q.page < lastPage ? q.page + 1 : null,
        last_page: lastPage,
      },
      data: records,
    });
  });

  return app;
}

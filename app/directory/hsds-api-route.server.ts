// What every /api/hsds route does around its answer: the per-client rate limit, JSON with an ETag,
// and JSON (never a page) for whatever goes wrong.
import { getConfig } from '../config.server.js';
import { getDb } from '../db.server.js';
import { log } from '../log.server.js';
import type { Database } from '../../db/pool.js';
import { RateLimiter, jsonResponse, type HsdsAnswer } from './hsds-api.server.js';

const singletons = globalThis as typeof globalThis & { __careloopHsdsLimiter?: RateLimiter };

export async function hsdsRoute(request: Request, answer: (db: Database, url: URL) => Promise<HsdsAnswer>): Promise<Response> {
  singletons.__careloopHsdsLimiter ??= new RateLimiter(getConfig().HSDS_API_REQUESTS_PER_MINUTE);
  const wait = singletons.__careloopHsdsLimiter.take(request.headers.get('x-client-address') ?? 'unknown');
  if (wait > 0) {
    return Response.json({ error: `Too many requests; try again in ${wait} seconds.` }, { status: 429, headers: { 'Retry-After': String(wait), 'Cache-Control': 'no-store' } });
  }
  try {
    return jsonResponse(request, await answer(getDb(), new URL(request.url)));
  } catch (error) {
    log('error', 'hsds-api.failed', { error: error instanceof Error ? error.message : String(error) });
    return Response.json({ error: 'The directory could not answer; try again.' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { getDb, getSearchContext } from '~/db.server';
import { matchServices, parseMatchQuery, withReceivingOrganizations } from '~/directory/match.server';
import { knownNeedCategories } from '~/matching/vocabulary.server';

// Public directory data: no session needed, and no patient data goes in or out.
// Response.json rather than data(): Remix 2 drops data()'s status on resource routes (a 400 would go out as 200).
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseMatchQuery(new URL(request.url).searchParams, await knownNeedCategories(getDb()));
  if (!parsed.ok) return Response.json({ error: parsed.error, field: parsed.field }, { status: 400 });
  const { params } = parsed;
  const { total, radiusMiles, matches } = await matchServices(getSearchContext(), params);
  if (params.offset > 0 && params.offset >= total) {
    return Response.json(
      { error: `offset ${params.offset} is past the end: ${total} services match.`, field: 'offset', total },
      { status: 400 },
    );
  }
  const hits = await withReceivingOrganizations(getDb(), matches, { cached: true });
  return Response.json({
    need: params.needCategory,
    total,
    offset: params.offset,
    limit: params.limit,
    radiusMi: radiusMiles,
    requireLanguage: params.requireLanguage,
    openNow: params.openNow,
    hits: hits.map((hit) => ({
      serviceId: hit.serviceId,
      serviceName: hit.serviceName,
      organizationName: hit.organizationName,
      address: hit.address,
      distanceKm: hit.distanceKm,
      distanceMi: hit.distanceMiles,
      languages: hit.languages,
      languageMatch: hit.languageMatch,
      matchedTerms: hit.matchedTerms,
      why: hit.why,
      capacityStatus: hit.capacityStatus,
      receivingOrganizationId: hit.receivingOrganizationId,
    })),
  });
}

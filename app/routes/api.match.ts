import type { LoaderFunctionArgs } from '@remix-run/node';
import { getDb, getSearchEngine } from '~/db.server';
import { matchServices, parseMatchQuery, withReceivingOrganizations } from '~/directory/match.server';

// Public directory data: no session needed, and no patient data goes in or out.
// Response.json rather than data(): Remix 2 drops data()'s status on resource routes (a 400 would go out as 200).
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseMatchQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ error: parsed.error, field: parsed.field }, { status: 400 });
  const matches = await withReceivingOrganizations(getDb(), await matchServices(getSearchEngine(), parsed.params));
  return Response.json({
    hits: matches.map((match) => ({
      serviceId: match.serviceId,
      serviceName: match.serviceName,
      organizationName: match.organizationName,
      address: match.address,
      distanceKm: match.distanceKm,
      languages: match.languages,
      matchedTerms: match.matchedTerms,
      receivingOrganizationId: match.receivingOrganizationId,
    })),
  });
}

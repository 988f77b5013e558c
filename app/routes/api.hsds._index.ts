import type { LoaderFunctionArgs } from '@remix-run/node';
import { apiMeta } from '~/directory/hsds-api.server';
import { hsdsRoute } from '~/directory/hsds-api-route.server';

// The HSDS API: public directory data only, no session. Response.json-style answers (see decision 001).
export const loader = ({ request }: LoaderFunctionArgs) =>
  hsdsRoute(request, async (_db, url) => ({ status: 200, body: apiMeta(url.origin) }));

import type { LoaderFunctionArgs } from '@remix-run/node';
import { hsdsRoute } from '~/directory/hsds-api-route.server';

// Anything else under /api/hsds is not part of the API: 404 as JSON, like an unknown id.
export const loader = ({ request }: LoaderFunctionArgs) =>
  hsdsRoute(request, async (_db, url) => ({ status: 404, body: { error: `No such HSDS endpoint: ${url.pathname.slice(0, 80)}.` } }));

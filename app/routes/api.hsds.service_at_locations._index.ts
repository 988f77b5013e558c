import type { LoaderFunctionArgs } from '@remix-run/node';
import { answerList } from '~/directory/hsds-api.server';
import { hsdsRoute } from '~/directory/hsds-api-route.server';

export const loader = ({ request }: LoaderFunctionArgs) => hsdsRoute(request, (db, url) => answerList(db, 'service_at_locations', url.searchParams));

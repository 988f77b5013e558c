import type { LoaderFunctionArgs } from '@remix-run/node';
import { answerOne } from '~/directory/hsds-api.server';
import { hsdsRoute } from '~/directory/hsds-api-route.server';

export const loader = ({ request, params }: LoaderFunctionArgs) => hsdsRoute(request, (db, url) => answerOne(db, 'taxonomy_terms', params.id, url.searchParams));

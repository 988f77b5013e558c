import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound } from '~/http.server';
import * as dashboard from './reports._index';
import * as funnel from './reports.funnel';
import * as intervention from './reports.intervention';
import * as outcomes from './reports.outcomes';
import * as screening from './reports.screening';

const REPORTS: Record<string, (args: LoaderFunctionArgs) => Promise<unknown>> = {
  dashboard: dashboard.loader,
  screening: screening.loader,
  intervention: intervention.loader,
  funnel: funnel.loader,
  outcomes: outcomes.loader,
};

/** The CSV of a report's table: the server sends `/reports/<page>?format=csv` here. */
export async function loader(args: LoaderFunctionArgs) {
  const report = args.params.page;
  const url = new URL(args.request.url);
  if (!report || !Object.hasOwn(REPORTS, report) || url.searchParams.get('format') !== 'csv') notFound();
  const answer = await REPORTS[report](args);
  if (!(answer instanceof Response)) notFound();
  return answer;
}

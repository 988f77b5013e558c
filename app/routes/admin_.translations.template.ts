import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUserWithPermission } from '~/auth/guards.server';
import { isInstrumentId } from '~/screening/instruments/index';
import { translationTemplate } from '~/screening/translations';

/** A file for a translator to fill in: every code of the instrument with its English wording. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'admin:platform');
  const instrument = new URL(request.url).searchParams.get('instrument');
  if (!isInstrumentId(instrument)) return Response.json({ error: 'Name the instrument: hunger-vital-sign, ahc-hrsn or prapare.' }, { status: 400 });
  return new Response(`${JSON.stringify(translationTemplate(instrument), null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${instrument}.es.json"`,
      'Cache-Control': 'no-store',
    },
  });
}

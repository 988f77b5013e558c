import type { ActionFunctionArgs } from '@remix-run/node';
import { requireCsrf } from '~/auth/csrf.server';
import { keepSessionAlive, requireUserSession } from '~/auth/session.server';

export async function loader() {
  return new Response(null, { status: 405, headers: { Allow: 'POST' } });
}

/** "Stay signed in": the idle time of the session starts again. */
export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserSession(request);
  requireCsrf(request, await request.formData(), session);
  await keepSessionAlive(session.id);
  return Response.json({ ok: true });
}

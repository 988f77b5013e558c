import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { requireCsrf } from '~/auth/csrf.server';
import { destroyUserSession, getUserSession } from '~/auth/session.server';

export async function loader() {
  return redirect('/');
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await getUserSession(request);
  if (session) requireCsrf(request, await request.formData(), session);
  return redirect('/login', { headers: { 'Set-Cookie': await destroyUserSession(request) } });
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { homePath } from '~/auth/roles';
import { getUserSession } from '~/auth/session.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getUserSession(request);
  return redirect(session ? homePath(session.user.role, session.user.organizationKind) : '/login');
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { requireUserSession } from '~/auth/session.server';
import { getDb } from '~/db.server';
import { notFound, requireId } from '~/http.server';
import { openNotification } from '~/notifications/inbox.server';

// Opening a notification marks it read and goes to what it is about.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserSession(request);
  const link = await openNotification(getDb(), user, requireId(params.notificationId));
  if (!link) notFound();
  return redirect(link);
}

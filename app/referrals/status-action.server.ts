import { data } from '@remix-run/node';
import { requireCsrf } from '../auth/csrf.server.js';
import type { UserSession } from '../auth/session.server.js';
import { fieldErrorsOf, formValues } from '../components/forms.js';
import { getDb } from '../db.server.js';
import { notFound, requireId } from '../http.server.js';
import { requestId } from '../log.server.js';
import { statusChangeSchema } from './referral.schema.js';
import type { Side } from './lifecycle.js';
import { changeReferralStatus } from './referrals.server.js';

/** The action both sides use to move a referral along its lifecycle. */
export async function handleStatusChange(request: Request, session: UserSession, referralIdParam: string | undefined, side: Side) {
  const referralId = requireId(referralIdParam);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const parsed = statusChangeSchema.safeParse(values);
  if (!parsed.success) {
    return data({ ok: false as const, fieldErrors: fieldErrorsOf(parsed.error), formError: null, values }, { status: 400 });
  }
  const result = await changeReferralStatus(getDb(), session.user, referralId, { ...parsed.data, side }, requestId(request));
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data(
      { ok: false as const, fieldErrors: result.field ? { [result.field]: result.message } : {}, formError: result.message, values },
      { status: result.status },
    );
  }
  return data({ ok: true as const, fieldErrors: {}, formError: null, values: {} });
}

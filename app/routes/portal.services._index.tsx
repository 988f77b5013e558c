import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CapacityBadge } from '~/components/service-card';
import { useLocaleTag } from '~/components/status';
import { getDb } from '~/db.server';
import { listOwnListings } from '~/directory/listings.server';

export const meta: MetaFunction = () => [{ title: 'Your listings · CareLoop portal' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'work:inbox');
  return data({ listings: await listOwnListings(getDb(), user), organization: user.organizationName });
}

export default function Listings() {
  const { listings, organization } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  return (
    <section>
      <p>
        <Link to="/portal">← {t('Referral inbox')}</Link>
      </p>
      <h1>{t('Your listings')}</h1>
      <p>{t('What the directory says about the services of {{organization}}. Keep it true: workers hand it to patients.', { organization })}</p>
      {listings.length === 0 ? (
        <p>{t('Your organisation has no services in the directory.')}</p>
      ) : (
        <ul className="cards">
          {listings.map((listing) => (
            <li key={listing.serviceId} className="card">
              <h2 className="card-title">
                <Link to={`/portal/services/${listing.serviceId}`}>{listing.name}</Link>
              </h2>
              <p>
                <CapacityBadge status={listing.capacityStatus} />
                {listing.stale ? <span className="badge badge--stale">{t('Not verified for over 180 days')}</span> : null}
              </p>
              <p className="hint">
                {t('Last verified')}:{' '}
                {listing.lastVerified
                  ? new Date(listing.lastVerified.length === 10 ? `${listing.lastVerified}T12:00:00Z` : listing.lastVerified).toLocaleDateString(localeTag, { dateStyle: 'medium', timeZone: 'UTC' })
                  : t('Never')}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

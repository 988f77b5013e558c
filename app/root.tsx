import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import {
  Form,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useMemo, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import stylesheet from './styles.css';
import { getUserSession } from './auth/session.server';
import { ROLE_LABELS, can, type Role } from './auth/roles';
import { CsrfInput } from './components/forms';
import { useNonce } from './components/nonce';
import { SessionTimeout } from './components/session-timeout';
import { IDLE_TIMEOUT_MINUTES } from './auth/session-limits';
import { LOCALES, LOCALE_NAMES, createI18n, type Locale } from './i18n/i18n';
import { resolveLocale } from './i18n/locale.server';
import { getDb } from './db.server';
import { unreadCount } from './notifications/inbox.server';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: 'data:,' },
];
export const meta: MetaFunction = () => [{ title: 'CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getUserSession(request);
  const { locale, setCookie } = await resolveLocale(request);
  const headers = new Headers();
  if (setCookie) headers.append('Set-Cookie', setCookie);
  return data(
    {
      user: session ? session.user : null,
      csrfToken: session?.csrfToken ?? null,
      unreadNotifications: session ? await unreadCount(getDb(), session.user.id) : 0,
      locale,
    },
    { headers },
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>['data'];

function Navigation({ role, organizationKind }: { role: Role; organizationKind: string }) {
  const { t } = useTranslation();
  const links: Array<{ to: string; label: string }> = [];
  if (can(role, 'read:patient') && organizationKind === 'referring') links.push({ to: '/patients', label: 'Patients' });
  if (can(role, 'read:caseload') && organizationKind === 'referring') links.push({ to: '/caseload', label: 'Caseload' });
  if (can(role, 'read:caseload') && organizationKind === 'referring') links.push({ to: '/worklist', label: 'Worklist' });
  if (can(role, 'work:inbox') && organizationKind === 'receiving') links.push({ to: '/portal', label: 'Referral inbox' });
  if (can(role, 'admin:organization')) links.push({ to: '/settings/organization', label: 'Settings' });
  if (can(role, 'search:directory')) links.push({ to: '/search', label: 'Service search' });
  if (can(role, 'read:reports')) links.push({ to: '/reports', label: 'Reports' });
  if (can(role, 'admin:platform')) {
    links.push({ to: '/admin', label: 'Platform' });
    links.push({ to: '/admin/outbox', label: 'Outbox' });
    links.push({ to: '/admin/needs', label: 'Needs' });
  }
  if (can(role, 'admin:organization')) links.push({ to: '/organization/users', label: 'People' });
  if (can(role, 'read:audit')) links.push({ to: '/audit', label: 'Audit trail' });
  return (
    <nav aria-label={t('Main')}>
      <ul className="nav-links">
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to}>{t(link.label)}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function NotificationsLink({ unread }: { unread: number }) {
  const { t } = useTranslation();
  return (
    <NavLink to="/notifications" className="notifications-link" aria-label={unread ? t('Notifications, {{count}} unread', { count: unread }) : t('Notifications')}>
      {t('Notifications')}
      {unread ? (
        <span className="count-badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </NavLink>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>('root');
  const locale: Locale = root?.locale ?? 'en';
  const i18n = useMemo(() => createI18n(locale), [locale]);
  return (
    <I18nextProvider i18n={i18n}>
      <Document locale={locale}>{children}</Document>
    </I18nextProvider>
  );
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('Change language')} className="language-switch">
      {LOCALES.filter((other) => other !== locale).map((other) => (
        <a key={other} href={`?lng=${other}`} lang={other} hrefLang={other}>
          {LOCALE_NAMES[other]}
        </a>
      ))}
    </nav>
  );
}

function Document({ locale, children }: { locale: Locale; children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>('root');
  const user = root?.user;
  const { t } = useTranslation();
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('Skip to content')}
        </a>
        <header className="app-header">
          <a className="brand" href="/">
            CareLoop
          </a>
          {user ? (
            <>
              <Navigation role={user.role} organizationKind={user.organizationKind} />
              <div className="account">
                <NotificationsLink unread={root?.unreadNotifications ?? 0} />
                <a href="/account">
                  {user.fullName} · {t(ROLE_LABELS[user.role])}, {user.organizationName}
                </a>
                <Form method="post" action="/logout">
                  <CsrfInput />
                  <button type="submit" className="link-button">
                    {t('Sign out')}
                  </button>
                </Form>
              </div>
            </>
          ) : null}
          <LanguageSwitch locale={locale} />
        </header>
        <main id="main" tabIndex={-1}>
          {user ? <SessionTimeout idleMinutes={IDLE_TIMEOUT_MINUTES} /> : null}
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error)) {
    const message =
      (error.data as { message?: string } | undefined)?.message ??
      (error.status === 404 ? 'We could not find that page.' : error.statusText);
    const title: Record<number, string> = {
      400: 'Something in the request was not right',
      403: 'Not allowed',
      404: 'Not found',
      409: 'That change is not possible',
    };
    return (
      <section className="error-page">
        <h1>{t(title[error.status] ?? 'Something went wrong')}</h1>
        <p>{t(error.status === 404 ? 'We could not find that page.' : message)}</p>
        <p>
          <a href="/">{t('Go to your home page')}</a>
        </p>
      </section>
    );
  }
  return (
    <section className="error-page">
      <h1>{t('Something went wrong')}</h1>
      <p>{t('The error has been logged. Try again, and tell your administrator if it keeps happening.')}</p>
    </section>
  );
}

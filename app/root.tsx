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
import type { ReactNode } from 'react';
import stylesheet from './styles.css';
import { getUserSession } from './auth/session.server';
import { ROLE_LABELS, can, type Role } from './auth/roles';
import { CsrfInput } from './components/forms';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: 'data:,' },
];
export const meta: MetaFunction = () => [{ title: 'CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getUserSession(request);
  return data(
    {
      user: session ? session.user : null,
      csrfToken: session?.csrfToken ?? null,
    },
    { headers: { 'Cache-Control': 'private, no-store' } },
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>['data'];

function Navigation({ role, organizationKind }: { role: Role; organizationKind: string }) {
  const links: Array<{ to: string; label: string }> = [];
  if (can(role, 'read:patient') && organizationKind === 'referring') links.push({ to: '/patients', label: 'Patients' });
  if (can(role, 'read:caseload') && organizationKind === 'referring') links.push({ to: '/caseload', label: 'Caseload' });
  if (can(role, 'work:inbox') && organizationKind === 'receiving') links.push({ to: '/portal', label: 'Referral inbox' });
  if (can(role, 'admin:platform')) links.push({ to: '/admin', label: 'Platform' });
  return (
    <nav aria-label="Main">
      <ul className="nav-links">
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to}>{link.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>('root');
  const user = root?.user;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <a className="brand" href="/">
            CareLoop
          </a>
          {user ? (
            <>
              <Navigation role={user.role} organizationKind={user.organizationKind} />
              <div className="account">
                <span>
                  {user.fullName} · {ROLE_LABELS[user.role]}, {user.organizationName}
                </span>
                <Form method="post" action="/logout">
                  <CsrfInput />
                  <button type="submit" className="link-button">
                    Sign out
                  </button>
                </Form>
              </div>
            </>
          ) : null}
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
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
        <h1>{title[error.status] ?? 'Something went wrong'}</h1>
        <p>{error.status === 404 ? 'We could not find that page.' : message}</p>
        <p>
          <a href="/">Go to your home page</a>
        </p>
      </section>
    );
  }
  return (
    <section className="error-page">
      <h1>Something went wrong</h1>
      <p>The error has been logged. Try again, and tell your administrator if it keeps happening.</p>
    </section>
  );
}

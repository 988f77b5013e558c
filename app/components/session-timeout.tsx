import { useFetcher, useLocation, useNavigate } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from './forms';

const WARN_BEFORE_MS = 2 * 60_000;
const KEPT_PREFIX = 'careloop:kept-form:';

/** What was typed in the page's forms (never passwords or tokens), for after a new sign-in. */
function keepForms(pathname: string) {
  const forms = [...document.querySelectorAll('main form')] as HTMLFormElement[];
  const values: Array<[string, string]> = [];
  for (const form of forms) {
    for (const element of [...form.elements] as HTMLInputElement[]) {
      if (!element.name || element.name === 'csrf' || element.type === 'password' || element.type === 'hidden' || element.type === 'submit') continue;
      if ((element.type === 'checkbox' || element.type === 'radio') && !element.checked) continue;
      values.push([element.name, element.value]);
    }
  }
  // This tab only, until the page is back: sessionStorage never leaves the browser.
  if (values.length) sessionStorage.setItem(`${KEPT_PREFIX}${pathname}`, JSON.stringify(values));
}

function restoreForms(pathname: string) {
  const kept = sessionStorage.getItem(`${KEPT_PREFIX}${pathname}`);
  if (!kept) return false;
  sessionStorage.removeItem(`${KEPT_PREFIX}${pathname}`);
  for (const [name, value] of JSON.parse(kept) as Array<[string, string]>) {
    for (const element of [...document.querySelectorAll(`main [name="${CSS.escape(name)}"]`)] as HTMLInputElement[]) {
      if (element.type === 'checkbox' || element.type === 'radio') element.checked = element.value === value || element.checked;
      else element.value = value;
    }
  }
  return true;
}

/**
 * Warns two minutes before an idle session ends, with a button that keeps it; once it has ended,
 * a form sent from the page is kept in this tab and filled in again after the new sign-in.
 */
export function SessionTimeout({ idleMinutes }: { idleMinutes: number }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const keepAlive = useFetcher();
  const [phase, setPhase] = useState<'active' | 'warning' | 'ended'>('active');
  const [restored, setRestored] = useState(false);
  const lastActivity = useRef(Date.now());

  // Every page the server answers renews the session.
  useEffect(() => {
    lastActivity.current = Date.now();
    setPhase('active');
    setRestored(restoreForms(location.pathname));
  }, [location.key, location.pathname]);
  useEffect(() => {
    if (keepAlive.state === 'idle' && keepAlive.data) {
      lastActivity.current = Date.now();
      setPhase('active');
    }
  }, [keepAlive.state, keepAlive.data]);

  useEffect(() => {
    const timer = setInterval(() => {
      const idle = Date.now() - lastActivity.current;
      if (idle >= idleMinutes * 60_000) setPhase('ended');
      else if (idle >= idleMinutes * 60_000 - WARN_BEFORE_MS) setPhase((current) => (current === 'active' ? 'warning' : current));
    }, 5_000);
    return () => clearInterval(timer);
  }, [idleMinutes]);

  useEffect(() => {
    if (phase !== 'ended') return;
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      event.stopImmediatePropagation();
      keepForms(location.pathname);
      navigate(`/login?${new URLSearchParams({ redirectTo: `${location.pathname}${location.search}` })}`);
    };
    document.addEventListener('submit', onSubmit, true);
    return () => document.removeEventListener('submit', onSubmit, true);
  }, [phase, location.pathname, location.search, navigate]);

  if (restored) {
    return (
      <p className="notice" role="status">
        {t('You were signed out while away. What you had typed is back in the form; check it and send it again.')}
      </p>
    );
  }
  if (phase === 'warning') {
    return (
      <div className="notice session-warning" role="alertdialog" aria-labelledby="session-warning-text">
        <p id="session-warning-text">{t('You have not done anything for a while. For privacy, you will be signed out in two minutes.')}</p>
        <keepAlive.Form method="post" action="/session/keepalive">
          <CsrfInput />
          <button type="submit" className="primary">
            {t('Stay signed in')}
          </button>
        </keepAlive.Form>
      </div>
    );
  }
  if (phase === 'ended') {
    return (
      <div className="notice session-warning" role="alert">
        <p>{t('You were signed out because you were away. Sending a form now keeps what you typed: sign in again and it is filled in for you.')}</p>
      </div>
    );
  }
  return null;
}

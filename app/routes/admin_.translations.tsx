import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput } from '~/components/forms';
import { useFormatDateTime } from '~/components/status';
import { getDb } from '~/db.server';
import { INSTRUMENTS, isInstrumentId } from '~/screening/instruments/index';
import { MAX_TRANSLATION_BYTES, checkTranslationFile } from '~/screening/translations';
import { listTranslations, loadTranslation } from '~/screening/translations.server';

export const meta: MetaFunction = () => [{ title: 'Screener translations · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'admin:platform');
  return data({ translations: await listTranslations(getDb()) });
}

const refused = (problems: string[], status = 400) => data({ problems, loaded: null }, { status });

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'admin:platform');
  // The form's own fields are a few hundred bytes; anything much larger than the file limit is refused unread.
  if (Number(request.headers.get('content-length') ?? 0) > MAX_TRANSLATION_BYTES + 64 * 1024) {
    return refused([`The file is larger than ${MAX_TRANSLATION_BYTES / 1024} KiB.`], 413);
  }
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    return refused(['Choose the translation file (JSON) to load.']);
  }
  requireCsrf(request, formData, session);
  const file = formData.get('file');
  if (!file || typeof file === 'string' || file.size === 0) return refused(['Choose the translation file (JSON) to load.']);
  const checked = checkTranslationFile(new Uint8Array(await file.arrayBuffer()));
  if (!checked.ok) return refused(checked.problems);
  const { version } = await loadTranslation(getDb(), session.user, checked.translation);
  return data({ problems: [] as string[], loaded: { instrument: checked.translation.instrument, version } });
}

export default function Translations() {
  const { translations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const title = (id: string) => (isInstrumentId(id) ? INSTRUMENTS[id].title : id);
  return (
    <section>
      <p>
        <Link to="/admin">← {t('Platform')}</Link>
      </p>
      <h1>{t('Screener translations')}</h1>
      <p>
        {t('Load an official translation your organisation is licensed to use, such as NACHC’s Spanish PRAPARE. CareLoop never machine-translates a screener: without a loaded translation the questions are shown in English.')}
      </p>
      {result?.loaded ? (
        <p className="notice" role="status">
          {t('Loaded {{title}} in Spanish, version {{version}}. It is used from now on.', { title: title(result.loaded.instrument), version: result.loaded.version })}
        </p>
      ) : null}
      {result?.problems.length ? (
        <div className="form-error" role="alert">
          <p>{t('The file was not loaded:')}</p>
          <ul>
            {result.problems.map((problem) => (
              <li key={problem}>{t(problem)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card">
        <CsrfInput />
        <div className={`field${result?.problems.length ? ' field--error' : ''}`}>
          <label htmlFor="translation-file">{t('Translation file (JSON)')}</label>
          <p className="hint" id="translation-file-hint">
            {t('Keyed by LOINC item and LA answer code, with its source and licence, covering every question and answer.')}{' '}
            {Object.values(INSTRUMENTS).map((instrument, index) => (
              <span key={instrument.id}>
                {index > 0 ? ' · ' : ''}
                <a href={`/admin/translations/template?instrument=${instrument.id}`} download>
                  {t('Template for {{title}}', { title: instrument.title })}
                </a>
              </span>
            ))}
          </p>
          <input id="translation-file" type="file" name="file" accept="application/json,.json" aria-describedby="translation-file-hint" />
        </div>
        <button type="submit" className="primary">
          {t('Load translation')}
        </button>
      </Form>

      <h2>{t('Loaded translations')}</h2>
      {translations.length === 0 ? (
        <p>{t('None yet: every screener is shown in English.')}</p>
      ) : (
        <ul className="cards" aria-label={t('Loaded translations')}>
          {translations.map((entry) => (
            <li key={`${entry.instrument}-${entry.language}-${entry.version}`} className="card">
              <h3>
                {title(entry.instrument)} · {entry.language} · {t('version {{version}}', { version: entry.version })}
              </h3>
              <p>{t('Source: {{source}}', { source: entry.source })}</p>
              <p>{t('Licence: {{licence}}', { licence: entry.licence })}</p>
              <p className="hint">{t('Loaded by {{name}} on {{date}}', { name: entry.uploadedBy, date: formatDateTime(entry.uploadedAt) })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

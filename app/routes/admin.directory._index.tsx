import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, FormError } from '~/components/forms';
import { useFormatDateTime } from '~/components/status';
import { getConfig } from '~/config.server';
import { getDb } from '~/db.server';
import { listImports, parseUpload, queueUploadedImport, uploadedName } from '~/directory/hsds-upload.server';
import { IMPORT_STATUS_LABELS } from '~/directory/labels';

export const meta: MetaFunction = () => [{ title: 'Directory imports · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'admin:platform');
  return data({ imports: await listImports(getDb()) });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'admin:platform');
  const upload = await parseUpload(request, getConfig().CARELOOP_DATA_DIR);
  if (!upload.ok) return data({ message: upload.message }, { status: upload.status });
  const { formData, file, discard } = upload;
  try {
    requireCsrf(request, formData, session);
  } catch (error) {
    discard();
    throw error;
  }
  const mode = formData.get('mode');
  if (!file || file.size === 0) {
    discard();
    return data({ message: 'Choose the ZIP file of an HSDS package.' }, { status: 400 });
  }
  if (mode !== 'dry-run' && mode !== 'import') {
    discard();
    return data({ message: 'Choose whether to check the package only or to import it.' }, { status: 400 });
  }
  const importId = await queueUploadedImport(getDb(), session.user, { path: file.getFilePath(), name: uploadedName(file) }, {
    dryRun: mode === 'dry-run',
    skipInvalid: formData.get('skipInvalid') === 'on',
    replace: formData.get('replace') === 'on',
  });
  return redirect(`/admin/directory/imports/${importId}`);
}

export default function DirectoryImports() {
  const { imports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <section>
      <p>
        <Link to="/admin">← {t('Platform')}</Link>
      </p>
      <h1>{t('Directory imports')}</h1>
      <p>{t('Upload an HSDS 3.0 tabular package as a ZIP (datapackage.json and its CSV files). A dry run checks it and writes nothing.')}</p>
      <FormError message={actionData?.message} />
      <Form method="post" encType="multipart/form-data">
        <CsrfInput />
        <div className="field">
          <label htmlFor="package">{t('HSDS package (ZIP)')}</label>
          <input id="package" name="package" type="file" accept=".zip,application/zip" required />
        </div>
        <fieldset>
          <legend>{t('What to do')}</legend>
          <label className="choice">
            <input type="radio" name="mode" value="dry-run" defaultChecked />
            {t('Dry run: check the package, write nothing')}
          </label>
          <label className="choice">
            <input type="radio" name="mode" value="import" />
            {t('Import')}
          </label>
          <label className="choice">
            <input type="checkbox" name="skipInvalid" />
            {t('Import the valid rows and report the others (instead of refusing the package)')}
          </label>
          <label className="choice">
            <input type="checkbox" name="replace" />
            {t('Remove what the package no longer has')}
          </label>
        </fieldset>
        <button type="submit" className="primary">
          {t('Upload')}
        </button>
      </Form>
      <h2>{t('History')}</h2>
      {imports.length === 0 ? (
        <p>{t('No imports yet.')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('Directory imports')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('When')}</th>
                <th scope="col">{t('Source')}</th>
                <th scope="col">{t('By')}</th>
                <th scope="col">{t('Result')}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((record) => (
                <tr key={record.id}>
                  <td>
                    <Link to={`/admin/directory/imports/${record.id}`}>{formatDateTime(record.createdAt)}</Link>
                  </td>
                  <td>
                    {record.source}
                    {record.dryRun ? ` (${t('dry run')})` : ''}
                  </td>
                  <td>{record.startedBy}</td>
                  <td>
                    {t(IMPORT_STATUS_LABELS[record.status] ?? record.status)}
                    {record.problemCount ? ` · ${t('{{count}} problems', { count: record.problemCount })}` : ''}
                    {record.counts.services !== undefined ? ` · ${t('{{count}} services', { count: record.counts.services })}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

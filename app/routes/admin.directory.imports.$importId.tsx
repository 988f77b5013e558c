import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { requireUserWithPermission } from '~/auth/guards.server';
import { useFormatDateTime, useLocaleTag } from '~/components/status';
import { getDb } from '~/db.server';
import { getImport } from '~/directory/hsds-upload.server';
import { IMPORT_PHASE_LABELS, IMPORT_STATUS_LABELS } from '~/directory/labels';
import { notFound, requireId } from '~/http.server';

export const meta: MetaFunction = () => [{ title: 'Directory import · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'admin:platform');
  const record = await getImport(getDb(), requireId(params.importId));
  if (!record) notFound();
  return data({ record });
}

export default function DirectoryImport() {
  const { record } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  const formatDateTime = useFormatDateTime();
  const revalidator = useRevalidator();
  const running = record.status === 'queued' || record.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 1500);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const progress = record.progress;
  return (
    <section>
      {/* Without JavaScript the page reloads itself while the import runs; with it, the revalidation
          above does, and a scheduled reload would interrupt whoever is reading the finished report. */}
      {running ? (
        <noscript>
          <meta httpEquiv="refresh" content="3" />
        </noscript>
      ) : null}
      <p>
        <Link to="/admin/directory">← {t('Directory imports')}</Link>
      </p>
      <h1>
        {record.dryRun ? t('Dry run of {{source}}', { source: record.source }) : t('Import of {{source}}', { source: record.source })}
      </h1>
      <p>
        {t(IMPORT_STATUS_LABELS[record.status] ?? record.status)} · {record.startedBy} · {formatDateTime(record.createdAt)}
      </p>
      {running ? (
        <div role="status" aria-live="polite">
          <p>
            {t(IMPORT_PHASE_LABELS[progress.phase ?? 'reading'] ?? IMPORT_PHASE_LABELS.reading)}
            {progress.file ? ` · ${progress.file}` : ''}
            {progress.rows !== undefined ? ` · ${t('{{count}} rows', { count: progress.rows })}` : ''}
          </p>
          {progress.filesTotal ? (
            <progress max={progress.filesTotal} value={progress.filesDone ?? 0} aria-label={t('Files read')}>
              {progress.filesDone}/{progress.filesTotal}
            </progress>
          ) : null}
        </div>
      ) : record.status === 'succeeded' ? (
        <p className="success" role="status">
          {record.dryRun
            ? record.problemCount
              ? t('The package can be imported with “Import the valid rows”; {{count}} problems are listed below.', { count: record.problemCount })
              : t('The package is valid. Nothing was written.')
            : t('Imported.')}
        </p>
      ) : (
        <p className="form-error" role="alert">
          {t('Nothing was imported: {{count}} problems.', { count: record.problemCount })}
        </p>
      )}
      {Object.keys(record.counts).length ? (
        <>
          <h2>{record.dryRun ? t('Rows that would be imported') : t('Rows imported')}</h2>
          <ul className="stats">
            {Object.entries(record.counts).map(([table, count]) => (
              <li key={table}>
                <strong>{count.toLocaleString(localeTag)}</strong> {table}
                {record.removed[table] ? ` (${t('{{count}} removed', { count: record.removed[table] })})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {record.problems.length ? (
        <>
          <h2>{t('Problems')}</h2>
          <p className="hint">{t('Each line: file:line:column: what is wrong.')}</p>
          <pre className="import-problems">{record.problems.join('\n')}</pre>
          {record.problemCount > record.problems.length ? <p>{t('… and {{count}} more.', { count: record.problemCount - record.problems.length })}</p> : null}
        </>
      ) : null}
      {record.conflicts.length ? (
        <>
          <h2>{t('Edits kept')}</h2>
          <p className="hint">{t('Organisations changed these fields in CareLoop after the last import; their values were kept.')}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('Record')}</th>
                  <th scope="col">{t('Field')}</th>
                  <th scope="col">{t('Kept')}</th>
                  <th scope="col">{t('In the package')}</th>
                </tr>
              </thead>
              <tbody>
                {record.conflicts.map((conflict) => (
                  <tr key={`${conflict.id}-${conflict.field}`}>
                    <td>
                      {conflict.resource} {conflict.id}
                    </td>
                    <td>{conflict.field === '-' ? t('(removed in CareLoop)') : conflict.field}</td>
                    <td className="prose">{conflict.kept ?? '—'}</td>
                    <td className="prose">{conflict.incoming ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

// HSDS packages uploaded by a platform admin: kept under the data folder until the import job
// (app/jobs) has run them, so a long import never holds a web request open.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  MaxPartSizeExceededError,
  NodeOnDiskFile,
  unstable_composeUploadHandlers,
  unstable_createFileUploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node';
import type { Database } from '../../db/pool.js';
import type { SessionUser } from '../auth/session.server.js';
import { enqueueJob } from '../jobs/outbox.server.js';
import { isUuid } from '../ids.js';
import { createImportRecord, importHsdsPackage } from './hsds-import.server.js';

export const MAX_UPLOAD_BYTES = 500 * 1024 * 1024;

export function uploadFolder(dataDir: string): string {
  const folder = path.resolve(dataDir, 'hsds-uploads');
  fs.mkdirSync(folder, { recursive: true });
  return folder;
}

export type ParsedUpload =
  | { ok: true; formData: FormData; file: NodeOnDiskFile | null; discard: () => void }
  | { ok: false; status: 400 | 413; message: string };

/** The upload form, its file streamed to the upload folder (nothing else is kept). */
export async function parseUpload(request: Request, dataDir: string): Promise<ParsedUpload> {
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers(
        unstable_createFileUploadHandler({
          directory: uploadFolder(dataDir),
          maxPartSize: MAX_UPLOAD_BYTES,
          avoidFileConflicts: false,
          // The stored name keeps the uploaded one (for the history) behind a name of our own.
          file: ({ filename }) => `${randomUUID()}--${filename.replace(/[^\w.-]+/g, '_').slice(0, 120)}`,
          filter: ({ name }) => name === 'package',
        }),
        // The other fields (csrf, mode, options) are small text.
        unstable_createMemoryUploadHandler({ maxPartSize: 10_000 }),
      ),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413, message: 'The file is larger than 500 MB; import it from the terminal instead.' };
    return { ok: false, status: 400, message: 'The upload could not be read. Choose the ZIP file again.' };
  }
  const file = formData.get('package');
  const onDisk = file instanceof NodeOnDiskFile ? file : null;
  return { ok: true, formData, file: onDisk, discard: () => onDisk && fs.rmSync(onDisk.getFilePath(), { force: true }) };
}

/** The name the file had on the uploader's computer (as far as it is safe to show). */
export function uploadedName(file: NodeOnDiskFile): string {
  return file.name.replace(/^[0-9a-f-]{36}--/, '') || 'upload.zip';
}

export interface UploadOptions {
  dryRun: boolean;
  skipInvalid: boolean;
  replace: boolean;
}

/** Records the uploaded file as an import waiting in the queue; the job is queued with the record. */
export async function queueUploadedImport(db: Database, user: SessionUser, file: { path: string; name: string }, options: UploadOptions): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const importId = await createImportRecord(trx, file.name, { ...options, startedBy: { userId: user.id, name: user.fullName } }, file.path);
    await enqueueJob(trx, 'directory.import-package', { importId }, { jobKey: `import:${importId}`, maxAttempts: 1 });
    return importId;
  });
}

/** The job: runs the import recorded as waiting, then removes the uploaded file. */
export async function runUploadedImport(db: Database, importId: string): Promise<void> {
  const record = await db.selectFrom('hsds_imports').selectAll().where('id', '=', importId).executeTakeFirst();
  if (!record || record.status !== 'queued' || !record.upload_path) return;
  try {
    await importHsdsPackage(db, record.upload_path, {
      importId,
      dryRun: record.dry_run,
      skipInvalid: record.skip_invalid,
      replace: record.replace,
      startedBy: { userId: record.started_by, name: record.started_by_name },
    });
  } catch (error) {
    // Not a problem in the package (those are reported): the database or the disk failed. Say so on the page.
    await db
      .updateTable('hsds_imports')
      .set({ status: 'failed', finished_at: new Date(), problems: JSON.stringify([`The import stopped: ${error instanceof Error ? error.message : String(error)}`]), problem_count: 1 })
      .where('id', '=', importId)
      .execute();
    throw error;
  } finally {
    fs.rmSync(record.upload_path, { force: true });
  }
}

export interface ImportRecord {
  id: string;
  source: string;
  status: string;
  dryRun: boolean;
  skipInvalid: boolean;
  replace: boolean;
  startedBy: string;
  createdAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  removed: Record<string, number>;
  problems: string[];
  problemCount: number;
  conflicts: Array<{ resource: string; id: string; field: string; kept: string | null; incoming: string | null }>;
  progress: { phase?: string; file?: string; rows?: number; filesDone?: number; filesTotal?: number };
}

function toRecord(row: {
  id: string;
  source: string;
  status: string;
  dry_run: boolean;
  skip_invalid: boolean;
  replace: boolean;
  started_by_name: string;
  created_at: Date;
  finished_at: Date | null;
  counts: unknown;
  removed: unknown;
  problems: unknown;
  problem_count: number;
  conflicts: unknown;
  progress: unknown;
}): ImportRecord {
  return {
    id: row.id,
    source: row.source,
    status: row.status,
    dryRun: row.dry_run,
    skipInvalid: row.skip_invalid,
    replace: row.replace,
    startedBy: row.started_by_name,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
    counts: row.counts as ImportRecord['counts'],
    removed: row.removed as ImportRecord['removed'],
    problems: row.problems as string[],
    problemCount: row.problem_count,
    conflicts: row.conflicts as ImportRecord['conflicts'],
    progress: row.progress as ImportRecord['progress'],
  };
}

export async function listImports(db: Database, limit = 50): Promise<ImportRecord[]> {
  const rows = await db.selectFrom('hsds_imports').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map(toRecord);
}

export async function getImport(db: Database, importId: string): Promise<ImportRecord | undefined> {
  if (!isUuid(importId)) return undefined;
  const row = await db.selectFrom('hsds_imports').selectAll().where('id', '=', importId).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

// Opening an HSDS tabular package from a folder or a ZIP: every file it names must be a regular file
// inside the package (no symlinks, nothing outside), and a ZIP is unpacked with the same rules.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';

/** The package cannot be opened; the message says why. Nothing was changed. */
export class HsdsPackageError extends Error {
  override name = 'HsdsPackageError';
}

export interface OpenedPackage {
  folder: string;
  /** Removes what unpacking a ZIP left behind. */
  close(): void;
}

// An HSDS package has 21 tables and a descriptor; anything far larger is not one.
const MAX_ZIP_ENTRIES = 200;
const MAX_UNPACKED_BYTES = 4 * 1024 ** 3;

/** A folder, or a ZIP (by its first bytes, whatever its name) unpacked into a temporary folder. */
export async function openPackage(source: string): Promise<OpenedPackage> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    throw new HsdsPackageError(`${path.basename(source)} does not exist.`);
  }
  if (stat.isDirectory()) return { folder: source, close: () => {} };
  if (!stat.isFile() || !isZip(source)) {
    throw new HsdsPackageError(`${path.basename(source)} is neither a folder nor a ZIP file, so it is not an HSDS package.`);
  }
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-hsds-'));
  const close = () => fs.rmSync(target, { recursive: true, force: true });
  try {
    await unzip(source, target);
    return { folder: packageRoot(target), close };
  } catch (error) {
    close();
    throw error;
  }
}

function isZip(file: string): boolean {
  const handle = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    fs.readSync(handle, head, 0, 4, 0);
    return head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50;
  } finally {
    fs.closeSync(handle);
  }
}

/** The folder holding datapackage.json: the ZIP's top level, or its one top-level folder. */
function packageRoot(folder: string): string {
  if (fs.existsSync(path.join(folder, 'datapackage.json'))) return folder;
  const entries = fs.readdirSync(folder, { withFileTypes: true }).filter((entry) => !entry.name.startsWith('__MACOSX'));
  if (entries.length === 1 && entries[0].isDirectory() && fs.existsSync(path.join(folder, entries[0].name, 'datapackage.json'))) {
    return path.join(folder, entries[0].name);
  }
  throw new HsdsPackageError('The ZIP has no datapackage.json, so it is not an HSDS package.');
}

function unzip(file: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) return reject(new HsdsPackageError(`The ZIP cannot be read: ${openError?.message ?? 'unknown error'}.`));
      let entries = 0;
      let unpacked = 0;
      const fail = (message: string) => {
        zip.close();
        reject(new HsdsPackageError(message));
      };
      zip.on('error', (error: Error) => fail(`The ZIP cannot be read: ${error.message}.`));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        entries += 1;
        if (entries > MAX_ZIP_ENTRIES) return fail(`The ZIP holds more than ${MAX_ZIP_ENTRIES} files; an HSDS package has about 22.`);
        const name = entry.fileName;
        const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
        if (mode === 0o120000) return fail(`The ZIP entry ${name.slice(0, 120)} is a symbolic link; a package holds plain files only.`);
        if (path.isAbsolute(name) || name.split('/').includes('..')) {
          return fail(`The ZIP entry ${name.slice(0, 120)} points outside the package.`);
        }
        const destination = path.join(target, name);
        if (name.endsWith('/')) {
          fs.mkdirSync(destination, { recursive: true });
          return zip.readEntry();
        }
        unpacked += entry.uncompressedSize;
        if (unpacked > MAX_UNPACKED_BYTES) return fail('The ZIP unpacks to more than 4 GB; that is not an HSDS package CareLoop will read.');
        fs.mkdirSync(path.dirname(destination), { recursive: true });
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return fail(`The ZIP entry ${name.slice(0, 120)} cannot be read.`);
          const out = fs.createWriteStream(destination, { flags: 'wx' });
          stream.on('error', (error) => fail(`The ZIP entry ${name.slice(0, 120)} cannot be read: ${error.message}.`));
          out.on('error', (error) => fail(`The ZIP entry ${name.slice(0, 120)} cannot be unpacked: ${error.message}.`));
          out.on('finish', () => zip.readEntry());
          stream.pipe(out);
        });
      });
      zip.readEntry();
    });
  });
}

/**
 * The path of a file a package names, checked: inside the package folder, a regular file and not
 * a symbolic link. Undefined when it does not exist; a string message when it is not allowed.
 */
export function packageFile(folder: string, relative: string): { file: string } | { missing: true } | { problem: string } {
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) {
    return { problem: `the path "${relative.slice(0, 120)}" points outside the package` };
  }
  const file = path.join(folder, relative);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return { missing: true };
  }
  if (stat.isSymbolicLink()) return { problem: `${relative} is a symbolic link; a package holds plain files only` };
  if (!stat.isFile()) return { problem: `${relative} is not a file` };
  const real = fs.realpathSync(file);
  const root = fs.realpathSync(folder);
  if (!real.startsWith(root + path.sep)) return { problem: `${relative} lies outside the package folder` };
  return { file };
}

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Creates `path` and its missing parents, open to their owner only (0700). An existing folder keeps its mode. */
export function createPrivateDirectory(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
}

/**
 * Creates an empty `path`, readable by its owner only (0600), unless it exists: for a file that
 * a library then opens and writes, such as a SQLite database, whose journal and WAL take its mode.
 */
export function createPrivateFileIfMissing(path: string): void {
  createPrivateDirectory(dirname(path));
  closeSync(openSync(path, 'a', 0o600));
}

/**
 * Creates `path` with `content`, readable by its owner only (0600), unless another process got
 * there first. The content goes to a private temporary file that is then linked into place:
 * link fails with EEXIST when the file exists, and no reader ever sees it half-written. The
 * file and its directory entry are synced, so a secret handed out survives a crash. True when
 * this call's content is the one in place.
 */
export function createPrivateFileOnce(path: string, content: string): boolean {
  const directory = dirname(path);
  createPrivateDirectory(directory);
  const temporaryPath = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeDurably(temporaryPath, content);
  try {
    linkSync(temporaryPath, path);
    syncDirectory(directory);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(temporaryPath);
  }
}

function writeDurably(path: string, content: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or sync a directory; the file itself is synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** A rename or a new name is durable only once its directory is synced too. */
export const fsyncDirectory = (directory: string): void => {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** Writes a fresh file (failing if it exists) and syncs its bytes, not yet its name. */
export const writeNewFileSynced = (file: string, data: string | Buffer, mode = 0o600): void => {
  const fd = openSync(file, 'wx', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/**
 * Replaces `file` whole: a reader (or a crash) sees the old bytes or the new, never a mix. What the
 * old file held is gone from its name once this returns; the filesystem may still hold the freed blocks.
 */
export const replaceFileDurably = (file: string, data: string | Buffer, mode = 0o600): void => {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    unlinkSync(tmp);
  } catch {
    // Left by no earlier crash: the usual case.
  }
  writeNewFileSynced(tmp, data, mode);
  renameSync(tmp, file);
  fsyncDirectory(dirname(file));
};

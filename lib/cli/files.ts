/**
 * File access of commands, with user errors (a missing directory, a file that
 * cannot be written) reported as one line and exit 2 instead of a stack.
 *
 * @module
 */

import { UsageError } from "./errors.ts";

function explain(e: unknown, path: string, flag: string, command: string): never {
  if (e instanceof Deno.errors.NotCapable) throw e;
  if (e instanceof Deno.errors.NotFound) {
    throw new UsageError(`${flag}: cannot write ${path}: its directory does not exist`, command);
  }
  if (e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.IsADirectory) {
    throw new UsageError(`${flag}: cannot write ${path}: ${(e as Error).message}`, command);
  }
  throw e;
}

/** Opens `path` for writing (created or truncated). */
export async function openForWrite(
  path: string,
  flag: string,
  command: string,
): Promise<Deno.FsFile> {
  try {
    return await Deno.open(path, { write: true, create: true, truncate: true });
  } catch (e) {
    explain(e, path, flag, command);
  }
}

/** Writes `text` to `path`. */
export async function writeText(
  path: string,
  text: string,
  flag: string,
  command: string,
): Promise<void> {
  try {
    await Deno.writeTextFile(path, text);
  } catch (e) {
    explain(e, path, flag, command);
  }
}

/** Creates directory `path` (and its parents) if needed. */
export async function makeDir(path: string, flag: string, command: string): Promise<void> {
  try {
    await Deno.mkdir(path, { recursive: true });
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable) throw e;
    throw new UsageError(`${flag}: cannot create ${path}: ${(e as Error).message}`, command);
  }
}

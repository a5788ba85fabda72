import { fileURLToPath } from 'node:url';
import { OperationFailed } from '../../core/errors.js';

/**
 * better-sqlite3 is a native module: with install scripts blocked or a failed build its bindings
 * are missing (it finds out at the first `new Database`). That failure says how to fix it instead
 * of looking like a bug in aiops; anything else comes back undefined.
 */
export function nativeModuleError(err: unknown): OperationFailed | undefined {
  if (!isMissingNative(err)) return undefined;
  const first = (err as Error).message.split('\n')[0]!.replace(/\s*Tried:\s*$/, '');
  const why = /Could not locate the bindings file/.test(first) ? `${first.replace(/\.$/, '')}: its compiled module (better_sqlite3.node) is missing` : first;
  // dist/store/sqlite/ → the installed package's root, where `npm rebuild` must run.
  const root = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
  return new OperationFailed(`the SQLite driver (better-sqlite3) could not load its native module: ${why}`, {
    hint: `npm rebuild better-sqlite3, run in ${root} where aiops is installed (it needs install scripts allowed, or a C++ toolchain when no prebuilt binary fits Node ${process.version})`,
    cause: err,
  });
}

/** Loads the SQLite adapter; a driver that cannot load becomes the error above. */
export async function loadSqliteAdapter<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    throw nativeModuleError(err) ?? err;
  }
}

function isMissingNative(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code;
  return (
    /Could not locate the bindings file|better_sqlite3\.node|NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(msg) ||
    (code === 'ERR_DLOPEN_FAILED' && /sqlite/i.test(msg)) ||
    (code === 'ERR_MODULE_NOT_FOUND' && /better-sqlite3/.test(msg))
  );
}

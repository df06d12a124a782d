import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  OutOfRangeError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnimplementedError,
  UnknownError,
  type OpError,
} from '@tensorgraph/errors';

/** The part of `node:fs/promises` these kernels use. */
interface FsPromises {
  stat(path: string): Promise<{ isDirectory(): boolean }>;
  readFile(path: string): Promise<Uint8Array>;
}

/**
 * Node's `fs/promises`, reached at run time through `process.getBuiltinModule` so that no
 * static import ties this package to Node: in a browser there is no `process` and the
 * answer is `undefined`.
 */
function nodeFs(): FsPromises | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.('node:fs/promises') as FsPromises | undefined;
}

type ErrorClass = new (nodeDef: null, op: null, message: string) => OpError;

/** errno codes as TF's `IOError` maps them (class) and glibc's `strerror` spells them. */
const ERRNO: Readonly<Record<string, readonly [ErrorClass, string]>> = {
  ENOENT: [NotFoundError, 'No such file or directory'],
  ENODEV: [NotFoundError, 'No such device'],
  ENXIO: [NotFoundError, 'No such device or address'],
  EACCES: [PermissionDeniedError, 'Permission denied'],
  EPERM: [PermissionDeniedError, 'Operation not permitted'],
  EROFS: [PermissionDeniedError, 'Read-only file system'],
  EISDIR: [FailedPreconditionError, 'Is a directory'],
  ENOTDIR: [FailedPreconditionError, 'Not a directory'],
  EBUSY: [FailedPreconditionError, 'Device or resource busy'],
  ENAMETOOLONG: [InvalidArgumentError, 'File name too long'],
  EINVAL: [InvalidArgumentError, 'Invalid argument'],
  EMFILE: [ResourceExhaustedError, 'Too many open files'],
  ENFILE: [ResourceExhaustedError, 'Too many open files in system'],
  ENOMEM: [ResourceExhaustedError, 'Cannot allocate memory'],
  EFBIG: [OutOfRangeError, 'File too large'],
  EIO: [UnknownError, 'Input/output error'],
  ELOOP: [UnknownError, 'Too many levels of symbolic links'],
};

/** TF's `IOError(context, errno)`: `"<context>; <strerror>"` with errno's error class. */
function ioError(context: string, e: unknown): OpError {
  const code = (e as { code?: unknown } | null)?.code;
  const known = typeof code === 'string' ? ERRNO[code] : undefined;
  if (known !== undefined) return new known[0](null, null, `${context}; ${known[1]}`);
  return new UnknownError(null, null, `${context}; ${e instanceof Error ? e.message : String(e)}`);
}

/** TF's `io::CleanPath` (Go's `path.Clean`): no `.`, no `..` that can be resolved, no `//`. */
export function cleanPath(path: string): string {
  const rooted = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !rooted) parts.push(part);
  }
  const joined = parts.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/**
 * A whole file's bytes, with TF's errors: a name that cannot be found is reported as
 * given ("x; No such file or directory"), a directory by its cleaned path
 * ("/a/b; Is a directory"). Local paths and `file://` URIs only; other schemes are TF's
 * `UnimplementedError`. Without Node's file system (browsers), `UnimplementedError`.
 */
export async function readWholeFile(name: string, opType: string): Promise<Uint8Array> {
  const fs = nodeFs();
  if (fs === undefined) {
    throw new UnimplementedError(
      null,
      null,
      `${opType} reads files through Node.js's file system, which this runtime does not have (no process.getBuiltinModule, as in a browser)`,
    );
  }
  let path = name;
  const uri = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(name);
  if (uri !== null) {
    const [, scheme, rest] = uri as unknown as [string, string, string];
    if (scheme !== 'file') {
      throw new UnimplementedError(
        null,
        null,
        `File system scheme '${scheme}' not implemented (file: '${name}')`,
      );
    }
    const slash = rest.indexOf('/');
    path = slash < 0 ? '' : rest.slice(slash);
  }
  if (path === '') throw ioError(name, { code: 'ENOENT' });
  const cleaned = cleanPath(path);
  let isDirectory: boolean;
  try {
    isDirectory = (await fs.stat(cleaned)).isDirectory();
  } catch (e) {
    throw ioError(name, e);
  }
  if (isDirectory) throw ioError(cleaned, { code: 'EISDIR' });
  try {
    return new Uint8Array(await fs.readFile(cleaned));
  } catch (e) {
    throw ioError(cleaned, e);
  }
}

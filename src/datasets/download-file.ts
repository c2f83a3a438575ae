import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AuditError, oneLine } from '../core/errors.js';

/** Options of {@link downloadFile}. */
export interface DownloadOptions {
  /** Longest wait, in ms, for the response headers and then between two chunks of the body. */
  timeoutMs: number;
  /** The download stops with an error once more bytes than this arrive. */
  maxBytes: number;
  /** Called as bytes arrive, with the total when the server announced one. */
  onBytes?: (received: number, total: number | undefined) => void;
}

/** Hashes and counts the body, and stops it past the size limit. */
class BodyGuard extends Transform {
  readonly hash = createHash('sha256');
  received = 0;

  constructor(
    private readonly options: DownloadOptions,
    private readonly total: number | undefined,
    private readonly url: string,
    private readonly onChunk: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.onChunk();
    this.received += chunk.length;
    if (this.received > this.options.maxBytes) {
      callback(new AuditError(`download too large: ${this.url} (more than ${this.options.maxBytes} bytes)`));
      return;
    }
    this.hash.update(chunk);
    this.options.onBytes?.(this.received, this.total);
    callback(null, chunk);
  }
}

function describeFailure(error: unknown): string {
  // undici reports network failures as `TypeError: fetch failed` with the system error as cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  if (cause) return code && !cause.message.includes(code) ? `${code} ${oneLine(cause)}` : oneLine(cause);
  return oneLine(error);
}

/**
 * Downloads `url` into the new file `dest` with Node's `fetch` (undici), streaming, and
 * returns the body's size and sha256. It follows redirects, fails on any status other than
 * 200, stops when no byte arrives for `timeoutMs` (connection, headers or body) or when the
 * body exceeds `maxBytes`. On failure `dest` may hold a partial file: the caller, which
 * chose a temporary name, removes it.
 *
 * @throws AuditError `cannot download <url>: <reason>` (unreachable host, refused
 *   connection, timeout, HTTP status), or `download too large: <url> …`
 * @example await downloadFile('https://archive.ics.uci.edu/…/adult.data', '/c/adult/.adult.data.part', { timeoutMs: 30_000, maxBytes: 4e6 })
 */
export async function downloadFile(
  url: string,
  dest: string,
  options: DownloadOptions,
): Promise<{ bytes: number; sha256: string }> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), options.timeoutMs);
  };
  const timedOut = (): AuditError =>
    new AuditError(`cannot download ${url}: no data for ${options.timeoutMs / 1000} s (timed out)`);
  arm();
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    } catch (error) {
      if (controller.signal.aborted) throw timedOut();
      throw new AuditError(`cannot download ${url}: ${describeFailure(error)}`);
    }
    if (response.status !== 200 || response.body === null) {
      await response.body?.cancel().catch(() => undefined);
      throw new AuditError(
        `cannot download ${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
      );
    }
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    const total = Number.isSafeInteger(length) && length >= 0 ? length : undefined;
    if (total !== undefined && total > options.maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new AuditError(
        `download too large: ${url} (${total} bytes announced, at most ${options.maxBytes} expected)`,
      );
    }
    const guard = new BodyGuard(options, total, url, arm);
    try {
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        guard,
        createWriteStream(dest, { flags: 'wx' }),
      );
    } catch (error) {
      if (error instanceof AuditError) throw error;
      if (controller.signal.aborted) throw timedOut();
      throw new AuditError(`cannot download ${url}: ${describeFailure(error)}`);
    }
    return { bytes: guard.received, sha256: guard.hash.digest('hex') };
  } finally {
    clearTimeout(timer);
  }
}

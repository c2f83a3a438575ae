import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { AuditError } from '../core/errors.js';

/** Where dataset files are kept and fetched from. */
export interface DatasetLocations {
  /** The cache folder; files live at `<cacheDir>/<id>/<file>`. */
  cacheDir: string;
  /** A mirror: a folder, or an http(s) base URL, holding `<mirror>/<id>/<file>`. */
  mirror?: string;
  /** Replaces the scheme, host and port of every publisher URL (tests, proxies). */
  baseUrl?: string;
}

/** Options naming the locations explicitly; each falls back to the environment. */
export interface DatasetLocationOptions {
  cacheDir?: string;
  mirror?: string;
  baseUrl?: string;
}

/**
 * Whether a mirror is a URL rather than a folder.
 *
 * @example isUrl('https://mirror.example/assay') // true
 */
export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/**
 * Resolves the dataset locations from explicit options, then the environment, following the
 * XDG base-directory convention for the cache:
 * `cacheDir` option → `$ASSAY_CACHE_DIR` → `$XDG_CACHE_HOME/assay/datasets` (when absolute,
 * as the XDG spec requires) → `~/.cache/assay/datasets`;
 * `mirror` option → `$ASSAY_DATASETS_MIRROR`; `baseUrl` option → `$ASSAY_DATASETS_BASE_URL`.
 * Empty variables count as unset; folders are made absolute.
 *
 * @throws AuditError when the base URL is not an http(s) URL
 * @example datasetLocations({}, { XDG_CACHE_HOME: '/c' }).cacheDir // '/c/assay/datasets'
 */
export function datasetLocations(
  options: DatasetLocationOptions = {},
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): DatasetLocations {
  const set = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);
  const xdg = set(env.XDG_CACHE_HOME);
  const cacheDir = resolve(
    set(options.cacheDir) ??
      set(env.ASSAY_CACHE_DIR) ??
      (xdg !== undefined && isAbsolute(xdg)
        ? join(xdg, 'assay', 'datasets')
        : join(home, '.cache', 'assay', 'datasets')),
  );
  const locations: DatasetLocations = { cacheDir };
  const mirror = set(options.mirror) ?? set(env.ASSAY_DATASETS_MIRROR);
  if (mirror !== undefined) locations.mirror = isUrl(mirror) ? mirror.replace(/\/+$/, '') : resolve(mirror);
  const baseUrl = set(options.baseUrl) ?? set(env.ASSAY_DATASETS_BASE_URL);
  if (baseUrl !== undefined) {
    if (!isUrl(baseUrl) || !URL.canParse(baseUrl))
      throw new AuditError(`invalid dataset base url: ${baseUrl} (expected http:// or https://)`);
    locations.baseUrl = baseUrl;
  }
  return locations;
}

/**
 * A publisher URL with its scheme, host and port replaced by `baseUrl` (whose path, if any,
 * is prefixed); the URL itself when `baseUrl` is undefined.
 *
 * @example rewriteUrl('https://archive.ics.uci.edu/ml/adult.data', 'http://127.0.0.1:8080') // 'http://127.0.0.1:8080/ml/adult.data'
 */
export function rewriteUrl(url: string, baseUrl: string | undefined): string {
  if (baseUrl === undefined) return url;
  const u = new URL(url);
  const base = new URL(baseUrl);
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}${u.pathname}${u.search}`;
}

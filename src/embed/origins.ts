// Which pages may drive the embedded app: the host origins from `?host=<origin>[,<origin>]`, else the embedding
// page's origin (document.referrer), else only the app's own origin. Messages from anything else are ignored, and
// replies name their target origin (never '*'), so a video only ever reaches a page the embedder named. Pure.

/** `https://example.org` for a serialisable http(s) origin (no path, query or credentials), else undefined. */
export function normalizeOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') return undefined;
  return url.origin;
}

export interface AllowedOrigins {
  /** The origins messages are accepted from and replies are sent to. */
  readonly origins: readonly string[];
  /** Entries of ?host= that are not origins (shown to the visitor as one notice, then ignored). */
  readonly rejected: readonly string[];
}

/** The allow-list for this frame: `host` (the ?host= value, if any), the referrer, and the app's own origin. */
export function allowedOrigins(host: string | null, referrer: string, ownOrigin: string): AllowedOrigins {
  if (host !== null && host.trim() !== '') {
    const entries = host.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const origins = [...new Set(entries.map(normalizeOrigin).filter((o): o is string => o !== undefined))];
    const rejected = entries.filter((e) => normalizeOrigin(e) === undefined);
    // Only invalid entries: fall back as if there were none, rather than accepting no one or everyone.
    if (origins.length > 0) return { origins, rejected };
    return { origins: fallback(referrer, ownOrigin), rejected };
  }
  return { origins: fallback(referrer, ownOrigin), rejected: [] };
}

function fallback(referrer: string, ownOrigin: string): string[] {
  const fromReferrer = referrer === '' ? undefined : originOf(referrer);
  return [fromReferrer ?? ownOrigin];
}

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a message event's origin is on the list ('null' origins, from sandboxed or file: pages, never are). */
export const isAllowed = (origin: string, allowed: readonly string[]): boolean => origin !== 'null' && allowed.includes(origin);

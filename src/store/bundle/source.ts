// BundleSource: read access to one model bundle's files, wherever they are (a URL, IndexedDB chunks, a folder).
// Sessions take Blobs where the source has them, so big external-data files are not copied into JS memory.
import { StoreError } from '../store-error.ts';

export interface BundleSource {
  /** Where the bundle is, for messages. */
  readonly label: string;
  readText(path: string): Promise<string>;
  readFile(path: string): Promise<Blob | Uint8Array>;
}

/** A bundle served over HTTP(S): `<baseUrl>/<path>`. */
export function httpBundleSource(baseUrl: string, signal?: AbortSignal): BundleSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const get = async (path: string): Promise<Response> => {
    const url = new URL(path, new URL(base, globalThis.location?.href)).href;
    let response: Response;
    try {
      response = await fetch(url, signal ? { signal } : {});
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new StoreError('network', `could not fetch ${url}: ${(e as Error).message}`, { url });
    }
    if (!response.ok) throw new StoreError('http', `the server answered ${response.status} for ${url}`, { url, status: response.status });
    return response;
  };
  return {
    label: base,
    readText: async (path) => (await get(path)).text(),
    readFile: async (path) => (await get(path)).blob(),
  };
}

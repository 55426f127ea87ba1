// The Content-Security-Policy of the built app (Node, build time): the policy strings, and a Vite plugin that puts the
// page policy into every built HTML page as <meta http-equiv> and sends the policies as response headers from
// `vite preview`. The dev server gets none (Vite injects styles and its HMR client inline there).
import type { Connect, Plugin } from 'vite';

/** Where model bundles may be downloaded from unless LOCALMOTION_MODEL_HOSTS says otherwise: Hugging Face, whose
 *  file URLs redirect to its CDN hosts (cdn-lfs.huggingface.co, cas-bridge.xethub.hf.co, …), and this computer
 *  (a bundle made with `npm run convert` and served locally; the browser tests' file server). */
export const DEFAULT_MODEL_HOSTS = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co', 'http://localhost:*', 'http://127.0.0.1:*'] as const;

export interface CspOptions {
  /** Origins (CSP host sources) the page and the engine worker may fetch model bundles from, besides 'self'. */
  readonly modelHosts: readonly string[];
  /** Who may put the app in a frame (header only: browsers ignore frame-ancestors in <meta>). */
  readonly frameAncestors: readonly string[];
}

/** A CSP source list entry: a scheme-host[-port] source, optionally with a leading `*.` subdomain wildcard. No
 *  paths, no quotes, no `;` or `,` (they would end the directive or the policy). */
const HOST_SOURCE = /^(https?:\/\/)?(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:(\d{1,5}|\*))?$/i;

/** Parses a space- or comma-separated list of host sources (an env var); throws on anything that is not one. */
export function parseSources(value: string, name: string): string[] {
  const sources = value.split(/[\s,]+/).filter((s) => s !== '');
  for (const s of sources) {
    if (s !== '*' && !HOST_SOURCE.test(s)) throw new Error(`${name}: "${s}" is not a host source such as https://models.example.org or https://*.example.org`);
  }
  return sources;
}

/** The options from the environment: LOCALMOTION_MODEL_HOSTS (default: Hugging Face), LOCALMOTION_FRAME_ANCESTORS
 *  (default `*`: any site may embed the app; see README "Embedding"). */
export function cspOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): CspOptions {
  const hosts = env.LOCALMOTION_MODEL_HOSTS;
  const ancestors = env.LOCALMOTION_FRAME_ANCESTORS;
  return {
    modelHosts: hosts === undefined ? [...DEFAULT_MODEL_HOSTS] : parseSources(hosts, 'LOCALMOTION_MODEL_HOSTS'),
    frameAncestors: ancestors === undefined || ancestors.trim() === '' ? ['*'] : ["'self'", ...parseSources(ancestors, 'LOCALMOTION_FRAME_ANCESTORS')],
  };
}

type Directives = Record<string, readonly string[]>;

const serialize = (d: Directives) =>
  Object.entries(d)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');

/** The pages' policy (index.html, embed-demo.html), without frame-ancestors: what the <meta> carries. Styles may be
 *  inline because Svelte writes style attributes into the markup it creates. */
function pageDirectives(o: CspOptions): Directives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'blob:', 'data:'],
    'media-src': ["'self'", 'blob:', 'data:'],
    'connect-src': ["'self'", ...o.modelHosts],
    'worker-src': ["'self'", 'blob:'],
    'frame-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
}

export const pageCspMeta = (o: CspOptions): string => serialize(pageDirectives(o));

/** The pages' policy as a response header: the meta's, plus who may frame the app. */
export const pageCspHeader = (o: CspOptions): string => serialize({ ...pageDirectives(o), 'frame-ancestors': o.frameAncestors });

/** The engine worker's policy (a worker takes the policy sent with its script, not the page's). It differs from the
 *  page's in one way: 'unsafe-eval', because protobufjs compiles its message encoders with `new Function` when the
 *  engine writes the scheduler-step ONNX graph (it has no fallback without eval: protobufjs/protobuf.js#593); the
 *  worker has no DOM to inject markup into, and 'unsafe-eval' still does not allow inline <script>. */
export const workerCsp = (o: CspOptions): string =>
  serialize({
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'", "'unsafe-eval'"],
    'connect-src': ["'self'", ...o.modelHosts],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
  });

/** Built worker scripts: Vite names them after their source file (`assets/engine.worker-<hash>.js`). */
export const isWorkerScript = (pathname: string): boolean => /\/assets\/[\w-]*\.worker-[\w-]+\.js$/.test(pathname);

/** The Content-Security-Policy header for a response of the built site. */
export function cspHeaderFor(pathname: string, o: CspOptions): string {
  return isWorkerScript(pathname) ? workerCsp(o) : pageCspHeader(o);
}

/** Puts the page policy into built HTML as <meta http-equiv> and sends the policies as headers in `vite preview`. */
export function cspPlugin(o: CspOptions): Plugin {
  const headers: Connect.NextHandleFunction = (req, res, next) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    res.setHeader('Content-Security-Policy', cspHeaderFor(pathname, o));
    next();
  };
  return {
    name: 'localmotion-csp',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (ctx.server !== undefined) return html;
        // Right after <meta charset>: a policy covers only what comes after it, and the charset must come first.
        const charset = /<meta charset=[^>]*>/i;
        if (!charset.test(html)) throw new Error(`${ctx.filename}: no <meta charset> to put the Content-Security-Policy after`);
        return html.replace(charset, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${pageCspMeta(o)}" />`);
      },
    },
    configurePreviewServer(server) {
      server.middlewares.use(headers);
    },
  };
}

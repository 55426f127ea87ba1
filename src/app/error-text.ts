// Error code → words for people: what went wrong with the model store and what to do next, as translatable Messages
// (shown in whatever language is current then), plus the store's own technical message as is. Errors arrive as
// `{ code, message, detail }` (a StoreError, or the same shape from the store worker); anything else is shown as an
// unexpected problem with its message. A download and a checkpoint import fail in the same codes but call for
// different advice (an import is not resumable, and its address is a checkpoint folder, not a bundle).
import type { Message, MessageKey } from './i18n/i18n.svelte.ts';
import type { StoreErrorCode, StoreErrorDetail } from './store-client.ts';

export interface ErrorText {
  /** The error's code, or 'unexpected'. */
  readonly code: StoreErrorCode | 'unexpected';
  /** One line: what happened. */
  readonly summary: Message;
  /** What to do about it. */
  readonly advice: Message;
  /** The technical message, for the curious and for bug reports (not translated). */
  readonly technical: string;
}

/** What failed: downloading a prebuilt bundle, or importing a diffusers checkpoint. */
export type StoreAction = 'download' | 'import';

const CODES: ReadonlySet<string> = new Set<StoreErrorCode>(['manifest', 'http', 'network', 'integrity', 'quota', 'storage', 'missing', 'cancelled']);

/** The code of a StoreError-like value, else undefined. */
export function storeErrorCode(error: unknown): StoreErrorCode | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' && CODES.has(code) ? (code as StoreErrorCode) : undefined;
}

/** A pause or cancel (code `cancelled`, from the store or the engine) is not a failure: callers check this before
 *  showing anything. */
export const isCancelled = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'cancelled';

/** The text of a thrown value (its message when it is an Error). */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The file an error is about: the detail's bundle path, else the end of its URL (`unet/config.json`). */
function fileOf(detail: StoreErrorDetail): string | undefined {
  if (detail.file) return detail.file;
  if (!detail.url) return undefined;
  try {
    const parts = new URL(detail.url).pathname.split('/').filter((p) => p !== '');
    return parts.slice(-2).join('/') || undefined;
  } catch {
    return undefined;
  }
}

export function storeErrorText(error: unknown, action: StoreAction = 'download'): ErrorText {
  const technical = error instanceof Error ? error.message : String(error);
  const code = storeErrorCode(error);
  const detail: StoreErrorDetail = (code && (error as { detail?: StoreErrorDetail }).detail) || {};
  const file = fileOf(detail);
  const vars = { ...(file === undefined ? {} : { file }), ...(detail.chunk === undefined ? {} : { part: detail.chunk + 1 }) };
  /** `<key>.part` with a file and chunk, `<key>.file` with a file, `<key>.any` without. */
  const where = (key: 'model.error.network' | 'model.error.integrity' | 'model.error.missing') =>
    `${key}.${detail.chunk !== undefined && file ? 'part' : file ? 'file' : 'any'}` as const;
  const words = (summary: MessageKey, advice: MessageKey, summaryVars: Message['vars'] = vars): ErrorText => ({
    code: code ?? 'unexpected',
    summary: { key: summary, vars: summaryVars ?? {} },
    advice: { key: advice },
    technical,
  });
  const importing = action === 'import';
  switch (code) {
    case 'manifest':
      return importing
        ? words('model.importError.manifest', 'model.importError.manifest.advice')
        : words('model.error.manifest', 'model.error.manifest.advice');
    case 'http':
      if (detail.status === 404) {
        return importing
          ? words('model.importError.notFound', 'model.importError.notFound.advice', { file: file ?? '?' })
          : words(file ? 'model.error.notFound.file' : 'model.error.notFound.any', 'model.error.notFound.advice');
      }
      return words(
        detail.status === undefined ? (file ? 'model.error.http.file' : 'model.error.http.any') : file ? 'model.error.httpStatus.file' : 'model.error.httpStatus.any',
        importing ? 'model.importError.retry.advice' : 'model.error.http.advice',
        { ...vars, ...(detail.status === undefined ? {} : { status: detail.status }) },
      );
    case 'network':
      return importing ? words('model.importError.network', 'model.importError.network.advice') : words(where('model.error.network'), 'model.error.network.advice');
    case 'integrity':
      return importing
        ? words('model.importError.integrity', 'model.importError.retry.advice')
        : words(where('model.error.integrity'), 'model.error.integrity.advice');
    case 'quota':
      return words('model.error.quota', importing ? 'model.importError.quota.advice' : 'model.error.quota.advice');
    case 'storage':
      return words('model.error.storage', 'model.error.storage.advice');
    case 'missing':
      return words(where('model.error.missing'), 'model.error.missing.advice');
    case 'cancelled':
      return importing ? words('model.importError.cancelled', 'model.importError.cancelled.advice') : words('model.error.cancelled', 'model.error.cancelled.advice');
    default:
      return words('model.error.unexpected', 'model.error.unexpected.advice');
  }
}

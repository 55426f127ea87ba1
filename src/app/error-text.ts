// Error code → words for people: what went wrong with the model store and what to do next. Errors arrive as
// `{ code, message, detail }` (a StoreError here, or the same shape from a worker later); anything else is shown as
// an unexpected problem with its message.
import type { StoreErrorCode, StoreErrorDetail } from './store-client.ts';

export interface ErrorText {
  /** The error's code, or 'unexpected'. */
  readonly code: StoreErrorCode | 'unexpected';
  /** One line: what happened. */
  readonly summary: string;
  /** What to do about it. */
  readonly advice: string;
  /** The technical message, for the curious and for bug reports. */
  readonly technical: string;
}

const CODES: ReadonlySet<string> = new Set<StoreErrorCode>(['manifest', 'http', 'network', 'integrity', 'quota', 'storage', 'missing', 'cancelled']);

/** The code of a StoreError-like value, else undefined. */
export function storeErrorCode(error: unknown): StoreErrorCode | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' && CODES.has(code) ? (code as StoreErrorCode) : undefined;
}

/** A pause (`cancelled`) is not a failure: callers check this before showing anything. */
export const isCancelled = (error: unknown): boolean => storeErrorCode(error) === 'cancelled';

export function storeErrorText(error: unknown): ErrorText {
  const technical = error instanceof Error ? error.message : String(error);
  const code = storeErrorCode(error);
  const detail: StoreErrorDetail = (code && (error as { detail?: StoreErrorDetail }).detail) || {};
  const file = detail.file ?? 'a file';
  const part = detail.chunk === undefined ? file : `${file} (part ${detail.chunk + 1})`;
  const words = (summary: string, advice: string): ErrorText => ({ code: code ?? 'unexpected', summary, advice, technical });
  switch (code) {
    case 'manifest':
      return words(
        'This address does not lead to a LocalMotion model bundle: its manifest.json is missing or not in the bundle format.',
        'Check the address: it should be the folder that holds manifest.json, made with `npm run convert`.',
      );
    case 'http':
      return detail.status === 404
        ? words(`The server has no ${file} at this address (404 Not Found).`, 'Check the address of the bundle folder.')
        : words(
            `The server refused ${file}${detail.status === undefined ? '' : ` (HTTP ${detail.status})`}.`,
            'Try again later; verified parts already downloaded are kept.',
          );
    case 'network':
      return words(
        `The connection failed while downloading ${part}, and retrying did not help.`,
        'Check your connection, then press Resume: the download continues where it stopped.',
      );
    case 'integrity':
      return words(
        `A downloaded part of ${part} did not match its checksum, even after fetching it again.`,
        'The server may hold a damaged or changed bundle. Nothing corrupt was kept; try again later or ask whoever hosts it.',
      );
    case 'quota':
      return words(
        'There is not enough storage space on this device for the model.',
        'Delete a model you no longer need or free disk space, then try again. Parts already downloaded are kept.',
      );
    case 'storage':
      return words(
        'The browser refused to save the model in its storage (IndexedDB).',
        'Private windows and nearly full disks cause this: use a normal window and check the free space, then try again.',
      );
    case 'missing':
      return words(`Part of the model is missing from this device's storage (${part}).`, 'Delete the model and install it again.');
    case 'cancelled':
      return words('The download was paused.', 'Press Resume to continue.');
    default:
      return words('Something unexpected went wrong.', 'Try again; if it keeps happening, report the message below.');
  }
}

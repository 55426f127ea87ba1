// comlink's "throw" transfer handler for the store worker: StoreErrors cross with their code and detail, anything
// else goes the way engineThrowHandler takes it (comlink keeps one handler per name, so a page that talks to both
// workers registers this one: it handles both kinds of error).
import { isStoreError, StoreError, type StoreErrorCode, type StoreErrorDetail } from '../store/store-error.ts';
import { engineThrowHandler } from './comlink-throw.ts';
import { isSerializedStoreError, type SerializedStoreError } from './store.ts';

interface ThrownValue {
  readonly value: unknown;
}

export const storeThrowHandler = {
  canHandle: (value: unknown): value is ThrownValue => engineThrowHandler.canHandle(value),
  serialize: (thrown: ThrownValue): [unknown, Transferable[]] =>
    isStoreError(thrown.value) ? [serializeStoreError(thrown.value), []] : engineThrowHandler.serialize(thrown),
  deserialize: (serialized: unknown): never => {
    if (isSerializedStoreError(serialized)) throw deserializeStoreError(serialized);
    return engineThrowHandler.deserialize(serialized as Parameters<typeof engineThrowHandler.deserialize>[0]);
  },
};

export function serializeStoreError(e: StoreError): SerializedStoreError {
  return { kind: 'StoreError', code: e.code, message: e.message, detail: { ...e.detail }, ...(e.stack ? { stack: e.stack } : {}) };
}

export function deserializeStoreError(s: SerializedStoreError): StoreError {
  const e = new StoreError(s.code as StoreErrorCode, s.message, s.detail as StoreErrorDetail);
  if (s.stack) e.stack = s.stack;
  return e;
}

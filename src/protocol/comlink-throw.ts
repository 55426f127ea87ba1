// comlink's "throw" transfer handler for EngineErrors: its default keeps only name/message/stack, so the code and
// detail would be lost at the worker boundary. Both sides register it: transferHandlers.set('throw', engineThrowHandler).
import { deserializeError, type SerializedEngineError, serializeError, toEngineError } from './errors.ts';

interface ThrownValue {
  readonly value: unknown;
}

export const engineThrowHandler = {
  canHandle: (value: unknown): value is ThrownValue => typeof value === 'object' && value !== null && 'value' in value && isThrown(value),
  serialize: ({ value }: ThrownValue): [SerializedEngineError, Transferable[]] => [serializeError(toEngineError(value)), []],
  deserialize: (serialized: SerializedEngineError): never => {
    throw deserializeError(serialized);
  },
};

// comlink marks thrown values with a private symbol; anything else with a `value` is not ours to take.
function isThrown(value: object): boolean {
  return Object.getOwnPropertySymbols(value).some((s) => s.description === 'Comlink.thrown');
}


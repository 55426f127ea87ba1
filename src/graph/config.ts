// ModelConfig: typed, validated reads of a diffusers/transformers config.json; errors name the file and field.
import { CheckpointError } from './checkpoint-error.ts';

export class ModelConfig {
  constructor(
    readonly file: string,
    readonly raw: Record<string, unknown>,
  ) {}

  static parse(file: string, text: string): ModelConfig {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new CheckpointError('bad-config', `not valid JSON (${(e as Error).message})`, file);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new CheckpointError('bad-config', 'config must be a JSON object', file);
    }
    return new ModelConfig(file, raw as Record<string, unknown>);
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  int(key: string, fallback?: number, min = 1): number {
    const v = this.raw[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw this.bad(key, `must be an integer ≥ ${min}`, v);
    }
    return v;
  }

  number(key: string, fallback?: number): number {
    const v = this.raw[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.bad(key, 'must be a finite number', v);
    return v;
  }

  bool(key: string, fallback?: boolean): boolean {
    const v = this.raw[key] ?? fallback;
    if (typeof v !== 'boolean') throw this.bad(key, 'must be true or false', v);
    return v;
  }

  intList(key: string, fallback?: readonly number[]): number[] {
    const v = this.raw[key] ?? fallback;
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isInteger(x) && x > 0)) {
      throw this.bad(key, 'must be a non-empty list of positive integers', v);
    }
    return v as number[];
  }

  /** A string field that must be one of `allowed` (what the builder implements). */
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const v = this.raw[key] ?? fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      throw this.bad(key, `unsupported value; supported: ${allowed.join(', ')}`, v);
    }
    return v as T;
  }

  /** A list of strings, each one of `allowed`. */
  listOf<T extends string>(key: string, allowed: readonly T[]): T[] {
    const v = this.raw[key];
    if (!Array.isArray(v) || v.length === 0) throw this.bad(key, 'must be a non-empty list', v);
    for (const item of v) {
      if (typeof item !== 'string' || !(allowed as readonly string[]).includes(item)) {
        throw this.bad(key, `unsupported entry ${JSON.stringify(item)}; supported: ${allowed.join(', ')}`, v);
      }
    }
    return v as T[];
  }

  /** A field the builder only supports at one value (or unset). */
  expect(key: string, expected: unknown, why: string): void {
    const v = this.raw[key];
    if (v !== undefined && v !== null && v !== expected) throw this.bad(key, `unsupported value (${why})`, v);
  }

  bad(key: string, message: string, value: unknown): CheckpointError {
    return new CheckpointError('bad-config', `${key} = ${JSON.stringify(value)}: ${message}`, this.file, key);
  }
}

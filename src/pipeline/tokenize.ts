// Prompt tokenization with the bundle's CLIP tokenizer (tokenizer.json + tokenizer_config.json): ids padded to 77
// with the pad token. Long prompts are cut to 76 tokens + end-of-text like the Python tokenizer (transformers.js 4.3
// would drop the end token when it truncates). The tokenizer engine is @huggingface/tokenizers — the one inside
// @huggingface/transformers — used directly: importing transformers.js here put its own onnxruntime-web (a second
// 27 MB wasm) into the engine worker's bundle and the offline cache.
import { Tokenizer } from '@huggingface/tokenizers';

export interface PromptTokens {
  readonly ids: BigInt64Array;
  /** True when the prompt had more tokens than fit and was cut. */
  readonly truncated: boolean;
}

export class PromptTokenizer {
  private readonly tokenizer: Tokenizer;
  private readonly padId: number;
  private readonly eosId: number;

  constructor(
    tokenizerJson: object,
    tokenizerConfig: Record<string, unknown>,
    readonly length = 77,
  ) {
    this.tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    const id = (token: unknown, what: string): number => {
      const value = typeof token === 'string' ? this.tokenizer.token_to_id(token) : undefined;
      if (value === undefined || value === null) throw new Error(`tokenizer_config.json: ${what} ${JSON.stringify(token)} is not in the vocabulary`);
      return value;
    };
    this.eosId = id(tokenizerConfig.eos_token, 'eos_token');
    this.padId = id(tokenizerConfig.pad_token ?? tokenizerConfig.eos_token, 'pad_token');
  }

  encode(text: string): PromptTokens {
    let ids = this.tokenizer.encode(text).ids; // with start and end tokens
    const truncated = ids.length > this.length;
    if (truncated) ids = [...ids.slice(0, this.length - 1), this.eosId];
    const out = new BigInt64Array(this.length).fill(BigInt(this.padId));
    ids.forEach((v, i) => (out[i] = BigInt(v)));
    return { ids: out, truncated };
  }
}

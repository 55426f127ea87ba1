// sha256 with WebCrypto (page, worker and Node ≥ 20 alike): one-shot per chunk, since chunks are at most 64 MiB.

export async function sha256Hex(data: ArrayBufferView<ArrayBuffer> | ArrayBuffer | Blob): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

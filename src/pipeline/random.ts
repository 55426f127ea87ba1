// Seeded randomness for latents: a documented, portable generator so the same seed gives the same video on every
// backend. Uniforms from mulberry32 (32-bit state, Tommy Ettinger's public-domain mixer), standard normals by the
// Box–Muller transform using both outputs of each pair. Not PyTorch's generator: a seed here does not reproduce a
// diffusers video (inject the initial latents for that).

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n standard normal float32 values from a seed (0 ≤ seed < 2³²). */
export function randn(n: number, seed: number): Float32Array {
  const uniform = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - uniform(); // (0, 1]: log(u) is finite
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

// Latent bookkeeping of I2VGenXLPipeline (prepare_image_latents, the CFG batch, guidance, decode layout), on
// float32 arrays in [B, C, F, h, w] order, with float32 rounding where torch rounds.

const f = Math.fround;

/**
 * Image latents [1, C, F, h, w]: (mean + std·ε) · scalingFactor at frame 0, the constant i/(F−1) at frames 1..F−1.
 * mean, std, noise: [1, C, h, w].
 */
export function imageLatents(mean: Float32Array, std: Float32Array, noise: Float32Array, channels: number, frames: number, scalingFactor: number): Float32Array {
  const plane = mean.length / channels;
  const out = new Float32Array(channels * frames * plane);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < plane; i++) {
      const k = c * plane + i;
      out[(c * frames) * plane + i] = f(f(mean[k]! + f(std[k]! * noise[k]!)) * f(scalingFactor));
    }
    for (let fr = 1; fr < frames; fr++) out.fill(f(fr / (frames - 1)), (c * frames + fr) * plane, (c * frames + fr + 1) * plane);
  }
  return out;
}

/** cat([x] · 2) along the batch axis (the classifier-free-guidance batch [negative, positive]). */
export function duplicateBatch(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length * 2);
  out.set(x, 0);
  out.set(x, x.length);
  return out;
}

/** uncond + g · (text − uncond), from the UNet output of the CFG batch [uncond, text]. */
export function guide(noisePred: Float32Array, guidanceScale: number): Float32Array {
  const half = noisePred.length / 2;
  const g = f(guidanceScale);
  const out = new Float32Array(half);
  for (let i = 0; i < half; i++) {
    const u = noisePred[i]!;
    out[i] = f(u + f(g * f(noisePred[half + i]! - u)));
  }
  return out;
}

/** Frame `index` of a [1, C, F, h, w] video as a [1, C, h, w] latent, divided by the scaling factor. */
export function decodeInput(latents: Float32Array, channels: number, frames: number, index: number, scalingFactor: number): Float32Array {
  const plane = latents.length / channels / frames;
  const out = new Float32Array(channels * plane);
  const s = f(scalingFactor);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < plane; i++) out[c * plane + i] = f(latents[(c * frames + index) * plane + i]! / s);
  }
  return out;
}

/** A decoded [1, 3, H, W] frame → RGB float32 in [0, 1], HWC: clamp(x / 2 + 0.5, 0, 1). */
export function frameToRgb(decoded: Float32Array, width: number, height: number): Float32Array {
  const plane = width * height;
  const out = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.min(1, Math.max(0, f(f(decoded[c * plane + i]! / 2) + 0.5)));
  }
  return out;
}

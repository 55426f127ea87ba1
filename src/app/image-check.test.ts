// The image check's verdicts from real files' bytes (made with sharp, cut short with subarray, or written by hand for
// formats sharp does not write): each bad file gets the one message that says what is wrong, good ones their size
// and notices. Header parsing only; the browser's decode step is covered by e2e/bad-inputs.spec.ts.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { judgeImage, singleFile } from './image-check.ts';
import { readImageFacts } from './image-header/index.ts';
import { animation, apng, bmp, heicStart, image, jxlStart, mp4Start, pdf, withJpegPrecision, withPngSize, zip } from './image-test-files.ts';

const check = (bytes: Uint8Array) => judgeImage(readImageFacts(bytes));
const problem = (bytes: Uint8Array) => {
  const verdict = check(bytes);
  return verdict.ok ? undefined : verdict.problem;
};
const text = (s: string) => new TextEncoder().encode(s);

describe('the image check takes PNG, JPEG and WebP stills, with their size from the header', () => {
  it.each([
    ['PNG', () => image(64, 48).png().toBuffer(), 'png'],
    ['interlaced PNG', () => image(64, 48).png({ progressive: true }).toBuffer(), 'png'],
    ['PNG with alpha', () => sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer(), 'png'],
    ['palette PNG', () => image(64, 48).png({ palette: true }).toBuffer(), 'png'],
    ['JPEG', () => image(64, 48).jpeg().toBuffer(), 'jpeg'],
    ['progressive JPEG', () => image(64, 48).jpeg({ progressive: true }).toBuffer(), 'jpeg'],
    ['JPEG with EXIF', () => image(64, 48).jpeg().withMetadata({ orientation: 6 }).toBuffer(), 'jpeg'],
    ['lossy WebP', () => image(64, 48).webp().toBuffer(), 'webp'],
    ['lossless WebP', () => image(64, 48).webp({ lossless: true }).toBuffer(), 'webp'],
    ['WebP with alpha (VP8X)', () => sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 9, g: 9, b: 9, alpha: 0.5 } } }).webp().toBuffer(), 'webp'],
  ] as const)('%s', async (_, make, format) => {
    const verdict = check(await make());
    expect(verdict).toMatchObject({ ok: true, format, width: 64, height: 48 });
    if (verdict.ok) expect(verdict.notices.map((n) => n.key)).toEqual(['image.notice.small']);
  });

  it('a 16-bit PNG is taken with a notice that it is reduced to 8 bits per channel', async () => {
    const verdict = check(await image(300, 300).toColourspace('rgb16').png().toBuffer());
    expect(verdict).toEqual({ ok: true, format: 'png', width: 300, height: 300, notices: [{ key: 'image.notice.sixteenBit' }] });
  });

  it('a CMYK JPEG is taken with a notice that its colours are converted', async () => {
    const verdict = check(await image(300, 260).toColourspace('cmyk').jpeg().toBuffer());
    expect(verdict).toEqual({ ok: true, format: 'jpeg', width: 300, height: 260, notices: [{ key: 'image.notice.cmyk' }] });
  });

  it('a panorama is taken with a notice that most of it is cropped away', async () => {
    const verdict = check(await image(2000, 400).jpeg().toBuffer());
    expect(verdict).toEqual({ ok: true, format: 'jpeg', width: 2000, height: 400, notices: [{ key: 'image.notice.aspect', vars: { ratio: 5 } }] });
  });

  it('a large ordinary photo has no notices', async () => {
    expect(check(await image(1024, 768).jpeg().toBuffer())).toEqual({ ok: true, format: 'jpeg', width: 1024, height: 768, notices: [] });
  });
});

describe('the image check refuses, with one message saying what is wrong', () => {
  it('files cut short: PNG without IEND, PNG cut inside IDAT, JPEG without EOI, JPEG cut in its header, WebP shorter than its RIFF size', async () => {
    const png = await image(64, 48).png().toBuffer();
    const jpeg = await image(64, 48).jpeg().toBuffer();
    const webp = await image(64, 48).webp().toBuffer();
    expect(problem(png.subarray(0, png.length - 12))).toEqual({ key: 'image.truncated', vars: { format: 'PNG' } });
    expect(problem(png.subarray(0, 60))).toEqual({ key: 'image.truncated', vars: { format: 'PNG' } });
    expect(problem(png.subarray(0, 20))).toEqual({ key: 'image.truncated', vars: { format: 'PNG' } });
    expect(problem(jpeg.subarray(0, jpeg.length - 2))).toEqual({ key: 'image.truncated', vars: { format: 'JPEG' } });
    expect(problem(jpeg.subarray(0, jpeg.length >> 1))).toEqual({ key: 'image.truncated', vars: { format: 'JPEG' } });
    expect(problem(jpeg.subarray(0, 100))).toEqual({ key: 'image.truncated', vars: { format: 'JPEG' } });
    expect(problem(webp.subarray(0, webp.length - 10))).toEqual({ key: 'image.truncated', vars: { format: 'WebP' } });
  });

  it('animations: APNG, animated GIF and animated WebP, with their frame count', async () => {
    expect(problem(apng(await image(40, 32).png().toBuffer(), 3))).toEqual({ key: 'image.animated', vars: { format: 'APNG', frames: 3 } });
    expect(problem(await animation('gif', 3))).toEqual({ key: 'image.animated', vars: { format: 'GIF', frames: 3 } });
    expect(problem(await animation('webp', 4))).toEqual({ key: 'image.animated', vars: { format: 'WebP', frames: 4 } });
  });

  it('an APNG that declares a single frame is a still PNG', async () => {
    expect(check(apng(await image(300, 300).png().toBuffer(), 1))).toMatchObject({ ok: true, format: 'png' });
  });

  it('picture formats the app does not take, by name', async () => {
    const cases: [Uint8Array, string][] = [
      [await image(64, 48).gif().toBuffer(), 'GIF'],
      [await image(64, 48).tiff().toBuffer(), 'TIFF'],
      [await image(64, 48).avif().toBuffer(), 'AVIF'],
      [heicStart(), 'HEIC'],
      [bmp(64, 48), 'BMP'],
      [jxlStart(), 'JPEG XL'],
    ];
    for (const [bytes, format] of cases) expect(problem(bytes)).toEqual({ key: 'image.unsupported', vars: { format } });
  });

  it('files that are not pictures, whatever their name: SVG (with or without a script), HTML, PDF, ZIP, video, text, random bytes', async () => {
    expect(problem(text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toEqual({ key: 'image.svg' });
    expect(problem(text('\uFEFF<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="10" height="10"/>'))).toEqual({ key: 'image.svg' });
    expect(problem(text('<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>'))).toEqual({ key: 'image.html' });
    expect(problem(text('  <html lang="en"><head></head></html>'))).toEqual({ key: 'image.html' });
    expect(problem(pdf())).toEqual({ key: 'image.pdf' });
    expect(problem(zip())).toEqual({ key: 'image.zip' });
    expect(problem(mp4Start())).toEqual({ key: 'image.video' });
    expect(problem(Buffer.from('1a45dfa3a3428681', 'hex'))).toEqual({ key: 'image.video' });
    expect(problem(text('just some notes, saved as holiday.png\n'))).toEqual({ key: 'image.text' });
    expect(problem(text('摄影笔记：不是图片'))).toEqual({ key: 'image.text' });
    expect(problem(Uint8Array.from({ length: 256 }, (_, i) => (i * 151 + 7) % 256))).toEqual({ key: 'image.unknown' });
  });

  it('sizes from the header: over 8192 pixels on a side, under 16 pixels', async () => {
    const png = await image(64, 48).png().toBuffer();
    // The IHDR of a 12000 × 12000 image: refused from the header, before anything decodes it.
    expect(problem(withPngSize(png, 12000, 12000))).toEqual({ key: 'image.tooBig', vars: { width: 12000, height: 12000, max: 8192 } });
    expect(problem(await image(10000, 100).jpeg().toBuffer())).toEqual({ key: 'image.tooBig', vars: { width: 10000, height: 100, max: 8192 } });
    expect(problem(await image(8, 8).png().toBuffer())).toEqual({ key: 'image.tooSmall', vars: { width: 8, height: 8, min: 16 } });
    expect(problem(await image(1, 1).webp().toBuffer())).toEqual({ key: 'image.tooSmall', vars: { width: 1, height: 1, min: 16 } });
  });

  it('damaged headers: a PNG without IHDR, a JPEG with garbage where a marker belongs, a 12-bit JPEG', async () => {
    const png = await image(64, 48).png().toBuffer();
    const noHeader = Buffer.from(png);
    noHeader.write('XXXX', 12, 'latin1');
    expect(problem(noHeader)).toEqual({ key: 'image.damaged', vars: { format: 'PNG' } });
    const jpeg = await image(64, 48).jpeg().toBuffer();
    const afterApp0 = 4 + jpeg.readUInt16BE(4);
    expect(problem(Buffer.concat([jpeg.subarray(0, afterApp0), Buffer.from('garbage'), jpeg.subarray(afterApp0)]))).toEqual({ key: 'image.damaged', vars: { format: 'JPEG' } });
    expect(problem(withJpegPrecision(jpeg, 12))).toEqual({ key: 'image.jpegDepth', vars: { bits: 12 } });
  });
});

describe('singleFile', () => {
  const file = (name: string) => new File([new Uint8Array(1)], name);
  it('takes one file, refuses several with their count', () => {
    expect(singleFile([])).toBeUndefined();
    expect(singleFile([file('a.png')])).toEqual({ file: expect.any(File) });
    expect(singleFile([file('a.png'), file('b.png')])).toEqual({ problem: { key: 'image.several', vars: { count: 2 } } });
  });
});

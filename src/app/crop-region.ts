// The part of the chosen image the model sees: the pipeline scales the image to cover the frame and crops the
// centre (src/pipeline/image-prep.ts centerCropWide), so the kept region is the largest centred rectangle of the
// frame's aspect. As fractions of the image, for the crop preview's outline. Pure.

export interface CropRegion {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export function cropRegion(imageWidth: number, imageHeight: number, frameWidth: number, frameHeight: number): CropRegion {
  const scale = Math.min(imageWidth / frameWidth, imageHeight / frameHeight);
  const width = Math.min(1, (frameWidth * scale) / imageWidth);
  const height = Math.min(1, (frameHeight * scale) / imageHeight);
  return { left: (1 - width) / 2, top: (1 - height) / 2, width, height };
}

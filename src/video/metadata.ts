// Generation settings as container metadata: Mediabunny tags for MP4/WebM, one comment text for GIF.
import type { MetadataTags } from 'mediabunny';

import type { VideoMetadata } from './options.ts';

/** The entries that have a value, in the caller's order. */
export function metadataEntries(metadata: VideoMetadata | undefined): [string, string][] {
  return Object.entries(metadata ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string');
}

/**
 * title and comment become the container's own fields; every other key is written under its own name (MP4 with
 * the mdta handler, which allows any key, as FFmpeg's use_metadata_tags does; WebM as a SimpleTag).
 */
export function mediabunnyTags(metadata: VideoMetadata | undefined): MetadataTags {
  const tags: MetadataTags = {};
  const raw: Record<string, string> = {};
  for (const [key, value] of metadataEntries(metadata)) {
    if (key === 'title') tags.title = value;
    else if (key === 'comment') tags.comment = value;
    else raw[key] = value;
  }
  if (Object.keys(raw).length > 0) tags.raw = raw;
  return tags;
}

/** One `key: value` line per entry, for the GIF comment extension (FFmpeg reads it as the comment tag). */
export function metadataText(metadata: VideoMetadata | undefined): string {
  return metadataEntries(metadata)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');
}

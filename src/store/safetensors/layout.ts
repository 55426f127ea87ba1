// Checks that the header's tensors fit the data area: no two overlap, none ends past the end of the file.
import { CheckpointError } from '../../graph/checkpoint-error.ts';
import type { HeaderEntry } from './header.ts';

/**
 * Returns the entries in the order their bytes lie in the file. Gaps and trailing bytes are tolerated (the Python
 * library writes neither, but they do no harm); overlaps are not. A tensor that ends past the data area is
 * 'truncated' when every tensor before it lies back to back from offset 0 (a whole file cut short), and
 * 'offset-out-of-range' otherwise (offsets pointing somewhere the layout never reached).
 */
export function checkLayout(entries: readonly HeaderEntry[], dataSize: number, file: string): HeaderEntry[] {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0; // the end of the bytes claimed so far
  let claimedBy: HeaderEntry | undefined;
  let backToBack = true;
  for (const entry of sorted) {
    const { key, begin, end } = entry;
    if (begin < cursor && end > begin && claimedBy !== undefined) {
      throw new CheckpointError(
        'offset-out-of-range',
        `data_offsets [${begin}, ${end}] overlap tensor ${claimedBy.key} at [${claimedBy.begin}, ${claimedBy.end}]`,
        file,
        key,
      );
    }
    if (begin > cursor) backToBack = false;
    if (end > dataSize) {
      if (backToBack) {
        throw new CheckpointError(
          'truncated',
          `the file ends at data byte ${dataSize}, inside this tensor's bytes [${begin}, ${end}]`,
          file,
          key,
        );
      }
      throw new CheckpointError(
        'offset-out-of-range',
        `data_offsets [${begin}, ${end}] point past the end of the data area (${dataSize} bytes)`,
        file,
        key,
      );
    }
    if (end > cursor) {
      cursor = end;
      claimedBy = entry;
    }
  }
  return sorted;
}

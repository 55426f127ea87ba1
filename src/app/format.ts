// Number formatting for the page: byte sizes in binary units (1 GiB = 2^30 bytes, as WebGPU limits are).

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `1073741824` → `"1 GiB"`, `16384` → `"16 KiB"`, `1536` → `"1.5 KiB"`, `100` → `"100 bytes"`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = Number.isInteger(value) ? 0 : value < 10 ? 2 : 1;
  return `${Number(value.toFixed(digits))} ${UNITS[unit]}`;
}

// Number formatting for the page: byte sizes in binary units (1 GiB = 2^30 bytes, as WebGPU limits are), transfer
// rates and times left.

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

/** A transfer rate: `1536` → `"1.5 KiB/s"`. */
export const formatRate = (bytesPerSecond: number): string => `${formatBytes(Math.round(bytesPerSecond))}/s`;

/** Time left, rounded up so it never reads "0 s" early: `4.2` → `"5 s"`, `130` → `"2 min 10 s"`, `3900` → `"1 h 5 min"`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  const minutes = Math.ceil(s / 60);
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

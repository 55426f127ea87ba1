// Terminal progress helpers for the CLIs: one updating line on a TTY, sparse lines otherwise.

let lastPrinted = 0;

export function progressLine(text: string, final: boolean): void {
  if (process.stdout.isTTY) {
    process.stdout.write(`\r${text}\x1b[K${final ? '\n' : ''}`);
    return;
  }
  const now = Date.now();
  if (final || now - lastPrinted > 2000) {
    console.log(text);
    lastPrinted = now;
  }
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

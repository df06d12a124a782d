// Ten shades from white to black, for pixel values 0..16 as in the digits dataset.
const SHADES = ' .:-=+*#%@';

/** One 8x8 digit (values 0..16, row-major) as 8 lines of text, two characters per pixel. */
export function digitArt(pixels: ArrayLike<number>, width = 8): string[] {
  const lines: string[] = [];
  for (let r = 0; r * width < pixels.length; r++) {
    let line = '';
    for (let c = 0; c < width; c++) {
      const v = Math.min(16, Math.max(0, pixels[r * width + c] ?? 0));
      const ch = SHADES[Math.round((v / 16) * (SHADES.length - 1))] ?? ' ';
      line += ch + ch;
    }
    lines.push(line);
  }
  return lines;
}

/** Several pictures side by side, each under a caption, `gap` spaces apart. */
export function sideBySide(
  pictures: readonly { caption: string; lines: string[] }[],
  gap = 3,
): string[] {
  const width = Math.max(
    ...pictures.map((p) => Math.max(p.caption.length, ...p.lines.map((l) => l.length))),
  );
  const height = Math.max(...pictures.map((p) => p.lines.length));
  const rows: string[] = [
    pictures
      .map((p) => p.caption.padEnd(width))
      .join(' '.repeat(gap))
      .trimEnd(),
  ];
  for (let i = 0; i < height; i++) {
    rows.push(
      pictures
        .map((p) => (p.lines[i] ?? '').padEnd(width))
        .join(' '.repeat(gap))
        .trimEnd(),
    );
  }
  return rows;
}

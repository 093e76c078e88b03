import { PNG } from 'pngjs';

/** Raw pixels (grey, RGB or RGBA rows, as pdf.js gives them) as a PNG file. */
export function rawPixelsToPng(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: 1 | 3 | 4): Uint8Array {
  const png = new PNG({ width, height });
  for (let i = 0, o = 0; o < width * height * 4; i += channels, o += 4) {
    const grey = channels === 1;
    png.data[o] = pixels[i];
    png.data[o + 1] = grey ? pixels[i] : pixels[i + 1];
    png.data[o + 2] = grey ? pixels[i] : pixels[i + 2];
    png.data[o + 3] = channels === 4 ? pixels[i + 3] : 255;
  }
  const file = PNG.sync.write(png);
  // a copy of its own, so the thread can transfer it
  return new Uint8Array(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
}

/**
 * Pictures tesseract.js decodes itself (its docs: bmp, jpg, png, pbm, webp,
 * gif; its Leptonica also reads TIFF, tried here). Anything else is refused
 * before it reaches a worker.
 */
export function ocrReadableImage(image: Buffer): Buffer | null {
  const ascii = image.toString('latin1', 0, 12);
  if (ascii.startsWith('\x89PNG')) return image;
  if (image[0] === 0xff && image[1] === 0xd8) return image;
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return image;
  if (ascii.startsWith('II*\0') || ascii.startsWith('MM\0*')) return image;
  if (ascii.startsWith('GIF8') || ascii.startsWith('BM') || /^P[14]\s/.test(ascii)) return image;
  return null;
}

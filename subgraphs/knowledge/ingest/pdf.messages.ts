/** What the PDF thread tells the extractor, in page order. */
export type PdfMessage =
  | { type: 'start'; pages: number }
  | { type: 'text'; page: number; text: string }
  /** a page without a text layer: its pictures as PNG files, for OCR */
  | { type: 'images'; page: number; images: Uint8Array[] }
  | { type: 'done' }
  /** pdf.js's error name (PasswordException, InvalidPDFException, …) */
  | { type: 'error'; name: string; message: string };

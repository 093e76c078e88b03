/** What the extractor asks the PDF thread. */
export type PdfRequest = { type: 'read'; id: number; file: string } | { type: 'cancel'; id: number };

/** What the PDF thread tells the extractor about request `id`, in page order. */
export type PdfMessage = { id: number } & (
  | { type: 'start'; pages: number }
  | { type: 'text'; page: number; text: string }
  /** a page without a text layer, or with only a few characters of one (a page number): its pictures as PNG files, for OCR */
  | { type: 'images'; page: number; text: string; images: Uint8Array[] }
  | { type: 'done' }
  /** pdf.js's error name (PasswordException, InvalidPDFException, …) */
  | { type: 'error'; name: string; message: string }
);

/**
 * Token estimate without a tokenizer (none ships offline): about four
 * characters per token for English and French prose, as OpenAI documents.
 * Used for budgets, chunk sizes and the offline provider's accounting.
 */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

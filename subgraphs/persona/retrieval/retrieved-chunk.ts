/** Where a chunk sits in its source (knowledge's `location` JSON). */
export interface ChunkLocation {
  label: string;
  page?: number;
  slide?: number;
  notes?: boolean;
  heading?: string;
  startSeconds?: number;
  endSeconds?: number;
  [key: string]: unknown;
}

/** One hit of knowledge's searchKnowledge. */
export interface RetrievedChunk {
  chunkId: string;
  text: string;
  score: number;
  location: ChunkLocation | null;
  source: { id: string; title: string };
}

/** A chunk chosen for the prompt, with the short tag ([1], [2], …) the answer cites it by. */
export interface ContextChunk extends RetrievedChunk {
  tag: number;
}

/**
 * What travels on a conversation's stream (Redis pub/sub, and the replay log
 * of the reply in progress). `seq` orders one reply's events; typing events
 * from members are live only and carry none.
 */
export interface SerializedMessage {
  id: string;
  role: 'USER' | 'ASSISTANT';
  text: string;
  animationHint: string | null;
  citations: unknown[];
  actions: unknown[];
  tokenCount: number | null;
  createdAt: string;
}

export type StreamEvent =
  | { kind: 'TYPING'; userId: string; typing: boolean; replyId?: string; seq?: number }
  | { kind: 'TOKEN'; replyId: string; seq: number; messageId: string; delta: string; index: number }
  | { kind: 'CITATION'; replyId: string; seq: number; messageId: string; citation: Record<string, unknown> }
  | { kind: 'DONE'; replyId: string; seq: number; message: SerializedMessage }
  | { kind: 'ERROR'; replyId: string; seq: number; messageId: string; code: string; message: string };

/** A reply event before the log numbers it. */
export type ReplyEventInput = StreamEvent extends infer E ? (E extends { seq?: number } ? Omit<E, 'seq' | 'replyId'> : never) : never;

export const topicOf = (conversationId: string) => `conversation:${conversationId}`;

export function serializeMessage(row: {
  id: string;
  role: 'USER' | 'ASSISTANT';
  text: string;
  animationHint: string | null;
  citations: unknown;
  actions: unknown;
  tokenCount: number | null;
  createdAt: Date;
}): SerializedMessage {
  return {
    id: row.id,
    role: row.role,
    text: row.text,
    animationHint: row.animationHint,
    citations: Array.isArray(row.citations) ? row.citations : [],
    actions: Array.isArray(row.actions) ? row.actions : [],
    tokenCount: row.tokenCount,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The ERROR text of a reply whose producer stopped (crashed replica, lost lock): code INTERRUPTED. */
export const INTERRUPTED_MESSAGE = 'The answer was interrupted; please send your message again';

export const isTerminal = (event: StreamEvent) => event.kind === 'DONE' || event.kind === 'ERROR';

export const START = `mutation($personaId: ID!) { startConversation(personaId: $personaId) { id persona { id name } createdAt } }`;
export const SEND = `mutation($conversationId: ID!, $text: String!) { sendMessage(conversationId: $conversationId, text: $text) { id role text createdAt } }`;
export const CONVERSATION = `query($id: ID!, $first: Int, $after: String) {
  conversation(id: $id) {
    id persona { id name } user { id name }
    messages(first: $first, after: $after) {
      edges { node { id role text animationHint citations { sourceId chunkId } tokenCount createdAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
export const MINE = `query($first: Int, $after: String) {
  conversations(first: $first, after: $after) { edges { node { id persona { id name } lastMessageAt messageCount } } pageInfo { hasNextPage endCursor } }
}`;
export const SET_TYPING = `mutation($conversationId: ID!, $typing: Boolean!) { setTyping(conversationId: $conversationId, typing: $typing) }`;
/**
 * The contract's MessageStream selects `message` on both MessageDoneEvent (an
 * object) and MessageErrorEvent (a string); graphql-js's
 * OverlappingFieldsCanBeMerged rule refuses that pair (see tests/contract).
 * Tests that check behaviour use this aliased form; CONTRACT_STREAM is the
 * contract's own text.
 */
export const STREAM = `subscription($conversationId: ID!) {
  messageStream(conversationId: $conversationId) {
    __typename
    ... on TypingEvent { userId typing }
    ... on TokenEvent { messageId delta index }
    ... on CitationEvent { messageId citation { sourceId sourceTitle chunkId snippet location } }
    ... on MessageDoneEvent { message { id role text animationHint citations { sourceId chunkId } tokenCount createdAt } }
    ... on MessageErrorEvent { messageId code errorMessage: message }
  }
}`;
export const CONTRACT_STREAM = `subscription($conversationId: ID!) {
  messageStream(conversationId: $conversationId) {
    __typename
    ... on TypingEvent { userId typing }
    ... on TokenEvent { messageId delta index }
    ... on CitationEvent { messageId citation { sourceId sourceTitle chunkId snippet location } }
    ... on MessageDoneEvent { message { id role text animationHint citations { sourceId chunkId } tokenCount createdAt } }
    ... on MessageErrorEvent { messageId code message }
  }
}`;

export type StreamEvent = { messageStream: { __typename: string; [key: string]: any } };
export const kinds = (events: StreamEvent[]) => events.map((e) => e.messageStream.__typename);
export const finished = (events: StreamEvent[]) => events.some((e) => ['MessageDoneEvent', 'MessageErrorEvent'].includes(e.messageStream.__typename));

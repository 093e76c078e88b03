const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Organization ids are identity's UUIDs; anything else names no organization (and must not reach a uuid column). */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

import { Field, Int, ObjectType, type ClassType, Directive, ArgsType } from 'type-graphql';
import { BadInput } from '../errors.js';

@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (1..100, default 20)' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor after which the page starts' })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** A Relay connection type for `node` named `<Name>Connection` / `<Name>Edge`. */
export function ConnectionType<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionClass;
}

/** Keyset cursor over (createdAt, id): stable under inserts, unlike offsets. */
export interface Keyset {
  createdAt: Date;
  id: string;
}

export function encodeCursor(key: Keyset): string {
  return Buffer.from(JSON.stringify([key.createdAt.toISOString(), key.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Keyset {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(createdAt.getTime())) throw new Error('bad cursor');
    return { createdAt, id };
  } catch {
    throw BadInput('Invalid cursor', { argument: 'after' });
  }
}

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw BadInput(`first must be between 1 and ${MAX_PAGE}`, { argument: 'first' });
  }
  return first;
}

/**
 * Turns `size + 1` rows fetched in keyset order into a page: the extra row
 * only tells whether there is a next page.
 */
export function toConnection<T extends Keyset>(rows: T[], size: number): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** Prisma `where` fragment for rows after the cursor in (createdAt, id) order. */
export function keysetAfter(after: string | null | undefined, direction: 'asc' | 'desc' = 'asc') {
  if (!after) return {};
  const key = decodeCursor(after);
  const op = direction === 'asc' ? 'gt' : 'lt';
  return { OR: [{ createdAt: { [op]: key.createdAt } }, { createdAt: key.createdAt, id: { [op]: key.id } }] };
}

/** Matching `orderBy` for keysetAfter. */
export const keysetOrder = (direction: 'asc' | 'desc' = 'asc') => [{ createdAt: direction }, { id: direction }];

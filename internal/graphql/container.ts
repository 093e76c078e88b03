import type { ContainerType } from 'type-graphql';

/**
 * type-graphql resolves resolver classes through this container, so
 * resolvers receive their services through the constructor, built once
 * per process by the subgraph's server.ts.
 */
export function instanceContainer(instances: object[]): ContainerType {
  const byClass = new Map<unknown, object>(instances.map((instance) => [instance.constructor, instance]));
  return {
    get(someClass) {
      const instance = byClass.get(someClass);
      if (!instance) throw new Error(`No instance registered for ${(someClass as { name?: string }).name}`);
      return instance;
    },
  };
}

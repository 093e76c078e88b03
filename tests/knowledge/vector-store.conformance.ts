import { randomUUID } from 'node:crypto';
import { cosine } from '../support/vector-math.js';
import type { VectorRecord, VectorStore } from '../../subgraphs/knowledge/search/index.js';

export interface StoreUnderTest {
  /** a new store instance on the same data (a second process, or the same one after a restart) */
  create(): Promise<VectorStore>;
  /** true when the data outlives the instance (the embedded store); false skips the restart test */
  persistent: boolean;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing case can be replayed. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const randomVector = (random: () => number, dimension: number) => {
  const v = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) v[i] = random() * 2 - 1;
  return v;
};

const DIM = 32;
const MODEL = 'conformance-model';

interface Scope {
  orgId: string;
  personaId: string;
}
const newScope = (): Scope => ({ orgId: randomUUID(), personaId: randomUUID() });

function records(scope: Scope, sourceId: string, vectors: Float32Array[], model = MODEL): VectorRecord[] {
  return vectors.map((vector) => ({ chunkId: randomUUID(), ...scope, sourceId, model, vector }));
}

/**
 * The behaviour every VectorStore adapter must have. Each test works on its
 * own fresh organizations and personas, so stores can be shared across tests.
 */
export function vectorStoreConformance(label: string, underTest: () => StoreUnderTest) {
  describe(`VectorStore conformance: ${label}`, () => {
    let store: VectorStore;
    const extra: VectorStore[] = [];
    const another = async () => {
      const s = await underTest().create();
      extra.push(s);
      return s;
    };

    beforeAll(async () => {
      store = await underTest().create();
    });
    afterAll(async () => {
      await Promise.all([store, ...extra].map((s) => s.close()));
    });

    test('returns the exact nearest neighbours by cosine, best first, with their scores', async () => {
      const random = seeded(1);
      const scope = newScope();
      const batch = records(scope, randomUUID(), Array.from({ length: 200 }, () => randomVector(random, DIM)));
      await store.upsert(batch);
      for (let q = 0; q < 5; q++) {
        const vector = randomVector(random, DIM);
        const expected = batch
          .map((r) => ({ chunkId: r.chunkId, score: cosine(r.vector, vector) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, 10);
        const hits = await store.query({ ...scope, model: MODEL, vector, limit: 10 });
        expect(hits.map((h) => h.chunkId)).toEqual(expected.map((e) => e.chunkId));
        hits.forEach((hit, i) => {
          expect(hit.score).toBeCloseTo(expected[i]!.score, 4);
          expect(hit.sourceId).toBe(batch[0]!.sourceId);
        });
      }
    });

    test('an identical vector scores 1 and an opposite one -1', async () => {
      const scope = newScope();
      const v = randomVector(seeded(2), DIM);
      const [same, opposite] = records(scope, randomUUID(), [v, v.map((x) => -x)]);
      await store.upsert([same!, opposite!]);
      const hits = await store.query({ ...scope, model: MODEL, vector: v, limit: 2 });
      expect(hits.map((h) => h.chunkId)).toEqual([same!.chunkId, opposite!.chunkId]);
      expect(hits[0]!.score).toBeCloseTo(1, 4);
      expect(hits[1]!.score).toBeCloseTo(-1, 4);
    });

    test('upserting the same chunks twice leaves one vector each, and the second write replaces the first', async () => {
      const random = seeded(3);
      const scope = newScope();
      const batch = records(scope, randomUUID(), Array.from({ length: 20 }, () => randomVector(random, DIM)));
      await store.upsert(batch);
      await store.upsert(batch);
      const moved = { ...batch[0]!, vector: randomVector(random, DIM) };
      await store.upsert([moved]);
      const hits = await store.query({ ...scope, model: MODEL, vector: moved.vector, limit: 100 });
      expect(hits).toHaveLength(20);
      expect(new Set(hits.map((h) => h.chunkId)).size).toBe(20);
      expect(hits[0]).toMatchObject({ chunkId: moved.chunkId });
      expect(hits[0]!.score).toBeCloseTo(1, 4);
    });

    test('deleteSource removes every vector of the source and nothing else', async () => {
      const random = seeded(4);
      const scope = newScope();
      const otherPersona = { ...scope, personaId: randomUUID() };
      const [gone, kept] = [randomUUID(), randomUUID()];
      const goneRecords = [...records(scope, gone, [randomVector(random, DIM), randomVector(random, DIM)]), ...records(otherPersona, gone, [randomVector(random, DIM)]), ...records(scope, gone, [randomVector(random, DIM)], 'other-model')];
      const keptRecords = records(scope, kept, [randomVector(random, DIM), randomVector(random, DIM)]);
      // the same source id in another organization is another source
      const foreign = records(newScope(), gone, [randomVector(random, DIM)]);
      await store.upsert([...goneRecords, ...keptRecords, ...foreign]);
      await store.deleteSource(scope.orgId, gone);
      const probe = randomVector(random, DIM);
      expect((await store.query({ ...scope, model: MODEL, vector: probe, limit: 50 })).map((h) => h.chunkId).sort()).toEqual(keptRecords.map((r) => r.chunkId).sort());
      expect(await store.query({ ...otherPersona, model: MODEL, vector: probe, limit: 50 })).toEqual([]);
      expect(await store.query({ ...scope, model: 'other-model', vector: probe, limit: 50 })).toEqual([]);
      expect((await store.query({ orgId: foreign[0]!.orgId, personaId: foreign[0]!.personaId, model: MODEL, vector: probe, limit: 5 })).map((h) => h.chunkId)).toEqual([foreign[0]!.chunkId]);
      await store.deleteSource(scope.orgId, randomUUID()); // an unknown source is not an error
    });

    test('never returns a vector of another model, even an identical one', async () => {
      const scope = newScope();
      const v = randomVector(seeded(5), DIM);
      const [mine] = records(scope, randomUUID(), [v]);
      const [theirs] = records(scope, randomUUID(), [v], 'another-model');
      await store.upsert([mine!, theirs!]);
      expect((await store.query({ ...scope, model: MODEL, vector: v, limit: 10 })).map((h) => h.chunkId)).toEqual([mine!.chunkId]);
      expect((await store.query({ ...scope, model: 'another-model', vector: v, limit: 10 })).map((h) => h.chunkId)).toEqual([theirs!.chunkId]);
      expect(await store.query({ ...scope, model: 'unknown-model', vector: v, limit: 10 })).toEqual([]);
    });

    test('randomized: no other organization’s or persona’s vector ever comes back, even identical ones', async () => {
      const random = seeded(6);
      const shared = Array.from({ length: 5 }, () => randomVector(random, DIM));
      const orgs = Array.from({ length: 4 }, () => randomUUID());
      // the same persona id under two organizations too: the org filter alone must separate them
      const personas = Array.from({ length: 3 }, () => randomUUID());
      const owned = new Map<string, Set<string>>();
      const all: VectorRecord[] = [];
      for (const orgId of orgs) {
        for (const personaId of personas) {
          const scope = { orgId, personaId };
          const mine = records(scope, randomUUID(), [...shared, ...Array.from({ length: 1 + Math.floor(random() * 4) }, () => randomVector(random, DIM))]);
          owned.set(`${orgId}/${personaId}`, new Set(mine.map((r) => r.chunkId)));
          all.push(...mine);
        }
      }
      // shuffled, in several batches mixing scopes
      all.sort(() => random() - 0.5);
      for (let i = 0; i < all.length; i += 7) await store.upsert(all.slice(i, i + 7));
      for (let q = 0; q < 40; q++) {
        const orgId = orgs[Math.floor(random() * orgs.length)]!;
        const personaId = personas[Math.floor(random() * personas.length)]!;
        const vector = random() < 0.5 ? shared[Math.floor(random() * shared.length)]! : randomVector(random, DIM);
        const hits = await store.query({ orgId, personaId, model: MODEL, vector, limit: 100 });
        const mine = owned.get(`${orgId}/${personaId}`)!;
        expect(hits.length).toBe(mine.size);
        for (const hit of hits) expect(mine.has(hit.chunkId)).toBe(true);
      }
    });

    test('a vector of another dimension than its model already has is refused at write', async () => {
      const scope = newScope();
      await store.upsert(records(scope, randomUUID(), [randomVector(seeded(7), DIM)]));
      await expect(store.upsert(records(scope, randomUUID(), [randomVector(seeded(8), DIM + 16)]))).rejects.toThrow(/dimension 32.*dimension 48/);
      // and within one batch
      await expect(store.upsert(records(newScope(), randomUUID(), [randomVector(seeded(9), DIM), randomVector(seeded(9), DIM + 16)]))).rejects.toThrow(/dimension/);
      const hits = await store.query({ ...scope, model: MODEL, vector: randomVector(seeded(10), DIM), limit: 10 });
      expect(hits).toHaveLength(1);
    });

    test('an unknown persona, an empty batch and a zero limit give nothing and no error', async () => {
      await store.upsert([]);
      expect(await store.query({ ...newScope(), model: MODEL, vector: randomVector(seeded(11), DIM), limit: 10 })).toEqual([]);
      const scope = newScope();
      await store.upsert(records(scope, randomUUID(), [randomVector(seeded(12), DIM)]));
      expect(await store.query({ ...scope, model: MODEL, vector: randomVector(seeded(13), DIM), limit: 0 })).toEqual([]);
    });

    test('another instance sees this one’s writes and deletes at once (another process)', async () => {
      const reader = await another();
      const random = seeded(14);
      const scope = newScope();
      const source = randomUUID();
      const [first] = records(scope, source, [randomVector(random, DIM)]);
      await store.upsert([first!]);
      expect((await reader.query({ ...scope, model: MODEL, vector: first!.vector, limit: 5 })).map((h) => h.chunkId)).toEqual([first!.chunkId]);
      const [second] = records(scope, source, [randomVector(random, DIM)]);
      await store.upsert([second!]);
      expect((await reader.query({ ...scope, model: MODEL, vector: second!.vector, limit: 5 }))[0]!.chunkId).toBe(second!.chunkId);
      await store.deleteSource(scope.orgId, source);
      expect(await reader.query({ ...scope, model: MODEL, vector: second!.vector, limit: 5 })).toEqual([]);
    });

    test('a chunk written again under another persona leaves its old persona, also as seen by another instance', async () => {
      const reader = await another();
      const random = seeded(16);
      const scope = newScope();
      const elsewhere = { ...scope, personaId: randomUUID() };
      const batch = records(scope, randomUUID(), [randomVector(random, DIM), randomVector(random, DIM)]);
      await store.upsert(batch);
      expect(await reader.query({ ...scope, model: MODEL, vector: batch[0]!.vector, limit: 5 })).toHaveLength(2);
      await store.upsert([{ ...batch[0]!, ...elsewhere }]);
      expect((await reader.query({ ...scope, model: MODEL, vector: batch[0]!.vector, limit: 5 })).map((h) => h.chunkId)).toEqual([batch[1]!.chunkId]);
      expect((await reader.query({ ...elsewhere, model: MODEL, vector: batch[0]!.vector, limit: 5 })).map((h) => h.chunkId)).toEqual([batch[0]!.chunkId]);
    });

    test('many small writes after a first query are all seen (incremental refresh), in any order of reads', async () => {
      const reader = await another();
      const random = seeded(17);
      const scope = newScope();
      const written: VectorRecord[] = [];
      for (let round = 0; round < 12; round++) {
        const batch = records(scope, randomUUID(), Array.from({ length: 1 + (round % 3) }, () => randomVector(random, DIM)));
        await store.upsert(batch);
        written.push(...batch);
        if (round % 4 === 3) {
          const oldest = written[0]!.sourceId;
          await store.deleteSource(scope.orgId, oldest);
          written.splice(0, written.filter((r) => r.sourceId === oldest).length);
        }
        const hits = await reader.query({ ...scope, model: MODEL, vector: randomVector(random, DIM), limit: 100 });
        expect(hits.map((h) => h.chunkId).sort()).toEqual(written.map((r) => r.chunkId).sort());
      }
    });

    test('a source deleted, then written again under the same chunk ids with new vectors, is found once with the new ones', async () => {
      const reader = await another();
      const random = seeded(18);
      const scope = newScope();
      const source = randomUUID();
      const kept = records(scope, randomUUID(), [randomVector(random, DIM), randomVector(random, DIM)]);
      const old = records(scope, source, [randomVector(random, DIM), randomVector(random, DIM)]);
      await store.upsert([...kept, ...old]);
      expect(await reader.query({ ...scope, model: MODEL, vector: old[0]!.vector, limit: 10 })).toHaveLength(4);
      await store.deleteSource(scope.orgId, source);
      const renewed = old.map((r) => ({ ...r, vector: randomVector(random, DIM) }));
      await store.upsert(renewed);
      const hits = await reader.query({ ...scope, model: MODEL, vector: renewed[1]!.vector, limit: 10 });
      expect(hits.map((h) => h.chunkId).sort()).toEqual([...kept, ...old].map((r) => r.chunkId).sort());
      expect(hits[0]).toMatchObject({ chunkId: renewed[1]!.chunkId });
      expect(hits[0]!.score).toBeCloseTo(1, 4);
    });

    test('vectors survive closing the store and opening a new one (restart)', async () => {
      if (!underTest().persistent) {
        console.warn(`${label}: restart test skipped (data lives in the server, not in the adapter)`);
        return;
      }
      const random = seeded(15);
      const scope = newScope();
      const batch = records(scope, randomUUID(), Array.from({ length: 10 }, () => randomVector(random, DIM)));
      const first = await underTest().create();
      await first.upsert(batch);
      await first.close();
      const second = await another();
      const hits = await second.query({ ...scope, model: MODEL, vector: batch[3]!.vector, limit: 20 });
      expect(hits).toHaveLength(10);
      expect(hits[0]!.chunkId).toBe(batch[3]!.chunkId);
    });
  });
}

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { parseTsvector } from '../../subgraphs/knowledge/search/keyword-index.js';
import { KeywordIndexStore } from '../../subgraphs/knowledge/search/keyword-index.store.js';
import { testRun } from '../support/test-env.js';

/** as the ingest worker writes them; chunk parameters: ids, source, org, persona, texts */
const INSERT_SOURCE = `INSERT INTO knowledge_sources (id, org_id, persona_id, title, kind, mime_type, size_bytes, blob_key, sha256, created_by_id, updated_at)
  VALUES ($1, $2, $3, 't', 'TEXT', 'text/plain', 1, $4, '0', $5, now())`;
const INSERT_CHUNKS = `INSERT INTO knowledge_chunks (id, source_id, org_id, persona_id, index, text, token_count, location)
  SELECT id, $2, $3, $4, n - 1, text, 5, '{}'::jsonb FROM unnest($1::uuid[], $5::text[]) WITH ORDINALITY AS t(id, text, n)`;

interface Owner {
  orgId: string;
  personaId: string;
}

/**
 * The keyword index against real PostgreSQL, with two "processes": a writer
 * (its own pool) that replaces chunks as the ingest worker does (delete the
 * source's chunks, then insert, in one transaction) and deletes sources, and
 * reader stores with their own pools, as the subgraph.
 */
describe('KeywordIndexStore (in-memory BM25 over PostgreSQL lexemes)', () => {
  let writerPool: pg.Pool;
  let reader: KeywordIndexStore;
  const stores: KeywordIndexStore[] = [];
  const newStore = (cacheBytes: number) => {
    const store = new KeywordIndexStore({ databaseUrl: testRun().databaseUrl, poolSize: 2, cacheBytes });
    stores.push(store);
    return store;
  };

  beforeAll(() => {
    writerPool = new pg.Pool({ connectionString: testRun().databaseUrl, max: 2 });
    reader = newStore(16 * 1024 * 1024);
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await writerPool.end();
  });

  const persona = (): Owner => ({ orgId: randomUUID(), personaId: randomUUID() });

  /** New chunk ids unless given (the ingest worker's ids are fixed by source and index, so a re-ingest reuses them). */
  async function replaceChunks(owner: Owner, sourceId: string, texts: string[], ids: string[] = texts.map(() => randomUUID())): Promise<string[]> {
    const client = await writerPool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM knowledge_chunks WHERE source_id = $1', [sourceId]);
      await client.query(
        INSERT_CHUNKS,
        [ids, sourceId, owner.orgId, owner.personaId, texts],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
    return ids;
  }

  async function addSource(owner: Owner, texts: string[]) {
    const sourceId = randomUUID();
    await writerPool.query(
      INSERT_SOURCE,
      [sourceId, owner.orgId, owner.personaId, `k/${sourceId}`, randomUUID()],
    );
    return { sourceId, ids: await replaceChunks(owner, sourceId, texts) };
  }

  /**
   * A slow writer: its transaction begins (and takes its id) now, with its
   * source row; its chunks are inserted and committed by `finish`. (Two
   * writers of one persona cannot both hold inserted chunks uncommitted:
   * the generation row's lock orders them.)
   */
  async function beginWrite(owner: Owner) {
    const sourceId = randomUUID();
    const client = await writerPool.connect();
    await client.query('BEGIN');
    await client.query(INSERT_SOURCE, [sourceId, owner.orgId, owner.personaId, `k/${sourceId}`, randomUUID()]);
    return {
      async finish(texts: string[]): Promise<string[]> {
        const ids = texts.map(() => randomUUID());
        try {
          await client.query(INSERT_CHUNKS, [ids, sourceId, owner.orgId, owner.personaId, texts]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        return ids;
      },
    };
  }

  const removeSource = (sourceId: string) => writerPool.query('DELETE FROM knowledge_sources WHERE id = $1', [sourceId]);
  const idsOf = async (store: KeywordIndexStore, owner: Owner, query: string) => (await store.search(owner.orgId, owner.personaId, query, 10)).map((h) => h.chunkId);

  test('lexemes are PostgreSQL’s: a parsed stored tsvector equals tsvector_to_array, and stemmed questions match', async () => {
    const owner = persona();
    const text = "The quick foxes were running over O'Neil's hills, jumping 42 fences at https://example.com/a\\b.";
    const { ids } = await addSource(owner, [text, 'Nothing about animals here.']);
    const { rows } = await writerPool.query<{ tsv: string; lexemes: string[] }>('SELECT tsv::text AS tsv, tsvector_to_array(tsv) AS lexemes FROM knowledge_chunks WHERE id = $1', [ids[0]]);
    const parsed: string[] = [];
    parseTsvector(rows[0]!.tsv, (lexeme) => parsed.push(lexeme));
    expect(parsed).toEqual(rows[0]!.lexemes);
    expect(parsed).toEqual(expect.arrayContaining(['fox', 'run', 'jump', 'hill']));
    const hits = await reader.search(owner.orgId, owner.personaId, 'Which fox runs and jumps?', 10);
    expect(hits.map((h) => h.chunkId)).toEqual([ids[0]]);
    expect(hits[0]!.score).toBeGreaterThan(0);
  });

  test('a write and a delete by another process are seen by the next search', async () => {
    const owner = persona();
    const first = await addSource(owner, ['The river flows north.', 'The hills are green.']);
    expect(await idsOf(reader, owner, 'river')).toEqual([first.ids[0]]);

    // a new source (insert only) and a re-ingest of the first (delete + insert, new text)
    const second = await addSource(owner, ['Another river, the Nile.']);
    const replaced = await replaceChunks(owner, first.sourceId, ['Deserts are dry.']);
    expect(await idsOf(reader, owner, 'river')).toEqual([second.ids[0]]);
    expect(await idsOf(reader, owner, 'desert')).toEqual(replaced);

    // deleting the source row deletes its chunks by cascade: the trigger still bumps the generation
    await removeSource(second.sourceId);
    expect(await reader.search(owner.orgId, owner.personaId, 'river', 10)).toEqual([]);
  });

  test('chunks added by another process are appended to the index, not reloaded, and rank as after a full load', async () => {
    const owner = persona();
    const store = newStore(16 * 1024 * 1024);
    const first = await addSource(owner, ['The river flows north.', 'The hills are green.']);
    expect(await idsOf(store, owner, 'river')).toEqual([first.ids[0]]);
    expect(store.loads).toEqual({ full: 1, caughtUp: 0 });
    const second = await addSource(owner, ['Another river, the Nile, flows north.', 'Mountains are high.']);
    expect((await idsOf(store, owner, 'river')).sort()).toEqual([first.ids[0], second.ids[0]].sort());
    expect(await idsOf(store, owner, 'mountain')).toEqual([second.ids[1]]);
    expect(store.loads).toEqual({ full: 1, caughtUp: 1 });
    // (a search that waited too long was answered by full-text; the comparison is with the caught-up index)
    await store.settled(owner.orgId, owner.personaId);
    const fresh = newStore(16 * 1024 * 1024);
    for (const question of ['river', 'Nile mountains', 'green hills north river']) {
      const scores = async (s: KeywordIndexStore) => new Map((await s.search(owner.orgId, owner.personaId, question, 10)).map((h) => [h.chunkId, h.score]));
      const [appended, loaded] = [await scores(store), await scores(fresh)];
      expect([...appended.keys()].sort()).toEqual([...loaded.keys()].sort());
      for (const [id, score] of appended) expect(score).toBeCloseTo(loaded.get(id)!, 5);
    }
  });

  test('writers that commit out of order: every search sees exactly the chunks committed before it', async () => {
    const owner = persona();
    const store = newStore(16 * 1024 * 1024);
    const base = await addSource(owner, ['Base notes about a river.']);
    expect(await idsOf(store, owner, 'river')).toEqual(base.ids);
    // the early writer's transaction is older, but it commits after the late one
    const early = await beginWrite(owner);
    const late = await addSource(owner, ['Late notes about a river mouth.']);
    expect((await idsOf(store, owner, 'river')).sort()).toEqual([...base.ids, ...late.ids].sort());
    const earlyIds = await early.finish(['Early notes about a river delta.']);
    expect((await idsOf(store, owner, 'river')).sort()).toEqual([...base.ids, ...late.ids, ...earlyIds].sort());
    expect(await idsOf(store, owner, 'delta')).toEqual(earlyIds);
    expect(store.loads).toEqual({ full: 1, caughtUp: 2 });
  });

  test('deletes, re-ingests under the same ids and updates are caught up without a full reload, ranking as a fresh load', async () => {
    const owner = persona();
    const store = newStore(16 * 1024 * 1024);
    const river = await addSource(owner, ['The river flows north.', 'A river delta.']);
    const lakes = await addSource(owner, Array.from({ length: 20 }, (_, i) => `Lakes number ${i} are deep.`));
    expect(await idsOf(store, owner, 'river')).toHaveLength(2);
    // a deleted source (cascade), and a source ingested again with its chunk ids (fewer chunks this time)
    await removeSource(river.sourceId);
    const again = await replaceChunks(owner, lakes.sourceId, ['Lakes freeze in winter.', 'Deep lakes are cold.'], lakes.ids.slice(0, 2));
    expect(await idsOf(store, owner, 'river')).toEqual([]);
    expect((await idsOf(store, owner, 'lake')).sort()).toEqual([...again].sort());
    // then a chunk updated in place (its writer is stamped by a trigger)
    await writerPool.query("UPDATE knowledge_chunks SET text = 'Volcanoes erupt rarely.' WHERE id = $1", [again[1]]);
    expect(await idsOf(store, owner, 'volcano')).toEqual([again[1]]);
    expect(await idsOf(store, owner, 'lake')).toEqual([again[0]]);
    expect(store.loads).toEqual({ full: 1, caughtUp: 2 });
    // (a search that waited too long was answered by full-text; the comparison is with the caught-up index)
    await store.settled(owner.orgId, owner.personaId);
    const fresh = newStore(16 * 1024 * 1024);
    for (const question of ['lakes freeze', 'volcano winter lake']) {
      const [caughtUp, loaded] = [await store.search(owner.orgId, owner.personaId, question, 10), await fresh.search(owner.orgId, owner.personaId, question, 10)];
      expect(caughtUp.map((h) => h.chunkId)).toEqual(loaded.map((h) => h.chunkId));
      caughtUp.forEach((hit, i) => expect(hit.score).toBeCloseTo(loaded[i]!.score, 5));
    }
  });

  test('never returns another organization’s or persona’s chunk, even with the same words', async () => {
    const owner = persona();
    const samePersonaOtherOrg = { orgId: randomUUID(), personaId: owner.personaId };
    const sameOrgOtherPersona = { orgId: owner.orgId, personaId: randomUUID() };
    const mine = await addSource(owner, ['Secret volcano notes.']);
    await addSource(samePersonaOtherOrg, ['Secret volcano notes.']);
    await addSource(sameOrgOtherPersona, ['Secret volcano notes.']);
    expect(await idsOf(reader, owner, 'volcano')).toEqual(mine.ids);
    expect(await reader.search(randomUUID(), owner.personaId, 'volcano', 10)).toEqual([]);
  });

  test('a question of stop words only, or a persona without chunks, finds nothing', async () => {
    const owner = persona();
    await addSource(owner, ['The river flows north.']);
    expect(await reader.search(owner.orgId, owner.personaId, 'the of and', 10)).toEqual([]);
    expect(await reader.search(owner.orgId, randomUUID(), 'river', 10)).toEqual([]);
  });

  test('a budget that holds no index: PostgreSQL full-text answers, and sees writes too', async () => {
    const tiny = newStore(1);
    const owner = persona();
    const { sourceId, ids } = await addSource(owner, ['The river flows north.', 'A river and a river.']);
    const hits = await tiny.search(owner.orgId, owner.personaId, 'river', 10);
    expect(hits.map((h) => h.chunkId).sort()).toEqual([...ids].sort());
    expect(tiny.cachedBytes).toBeLessThan(1024);
    await removeSource(sourceId);
    expect(await tiny.search(owner.orgId, owner.personaId, 'river', 10)).toEqual([]);
  });

  test('the LRU budget evicts the least recently searched persona, which then reloads', async () => {
    const [a, b] = [persona(), persona()];
    const big = (word: string) => Array.from({ length: 200 }, (_, i) => `${word} number${i} filler${i % 7}`);
    await addSource(a, big('alpha'));
    await addSource(b, big('beta'));
    const probe = newStore(16 * 1024 * 1024);
    await probe.search(a.orgId, a.personaId, 'alpha', 5);
    const oneIndex = probe.cachedBytes;
    const store = newStore(Math.ceil(oneIndex * 1.5));
    expect(await store.search(a.orgId, a.personaId, 'alpha', 5)).toHaveLength(5);
    expect(await store.search(b.orgId, b.personaId, 'beta', 5)).toHaveLength(5);
    expect(store.cachedBytes).toBeLessThanOrEqual(Math.ceil(oneIndex * 1.5));
    expect(await store.search(a.orgId, a.personaId, 'alpha', 5)).toHaveLength(5);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

const SCHEMA_DIR = path.resolve(__dirname, '..', '..', '..', 'prisma', 'schema');

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  isRequired: boolean;
  isList: boolean;
  isUnique: boolean;
  isId: boolean;
  isUpdatedAt?: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  uniqueFields: string[][];
  primaryKey: { fields: string[] } | null;
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] }[]; indexes: DmmfIndex[] };
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'normal' | 'unique' | 'fulltext';
  fields: { name: string }[];
}

/** The Prisma schema (every file) as DMMF, via Prisma's own wasm schema engine. */
export function loadDmmf(): Dmmf {
  const wasm = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };
  const files = readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.prisma'))
    .map((f) => [f, readFileSync(path.join(SCHEMA_DIR, f), 'utf8')]);
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: files })));
}

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp without time zone',
  Json: 'jsonb',
  Decimal: 'numeric',
  Bytes: 'bytea',
};
const NATIVE_TYPES: Record<string, string> = {
  Uuid: 'uuid',
  Timestamptz: 'timestamp with time zone',
  Date: 'date',
  Integer: 'integer',
  SmallInt: 'smallint',
  Real: 'real',
  DoublePrecision: 'double precision',
  VarChar: 'character varying',
  Text: 'text',
};
// Defaults the Prisma client computes itself: no DEFAULT in the database.
const CLIENT_SIDE_DEFAULTS = new Set(['uuid', 'cuid', 'nanoid', 'ulid']);

const column = (field: DmmfField) => field.dbName ?? field.name;

/**
 * `Unsupported("…")` fields (e.g. a generated tsvector column) are missing
 * from the DMMF, so they are read from the schema text.
 */
function unsupportedFields(modelName: string): { name: string; column: string; type: string; required: boolean; hasDefault: boolean }[] {
  const text = readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.prisma'))
    .map((f) => readFileSync(path.join(SCHEMA_DIR, f), 'utf8'))
    .join('\n');
  const body = new RegExp(`^model ${modelName} \\{([\\s\\S]*?)^\\}`, 'm').exec(text)?.[1] ?? '';
  return [...body.matchAll(/^\s*(\w+)\s+Unsupported\("([^"]+)"\)(\?)?(.*)$/gm)].map((m) => ({
    name: m[1]!,
    column: /@map\("([^"]+)"\)/.exec(m[4]!)?.[1] ?? m[1]!,
    type: m[2]!,
    required: !m[3],
    hasDefault: m[4]!.includes('@default('),
  }));
}

/** What the database should look like for the schema: one line per fact, so a diff reads well. */
export function expectedFacts(dmmf: Dmmf): string[] {
  const facts: string[] = [];
  for (const e of dmmf.datamodel.enums) facts.push(`enum ${e.dbName ?? e.name} (${e.values.map((v) => v.dbName ?? v.name).join(', ')})`);
  for (const model of dmmf.datamodel.models) {
    const table = model.dbName ?? model.name;
    const byName = new Map(model.fields.map((f) => [f.name, f]));
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (field.relationFromFields?.length) {
          facts.push(`fk ${table}(${field.relationFromFields.map((n) => column(byName.get(n)!)).join(',')})`);
        }
        continue;
      }
      const base = field.kind === 'enum' ? `enum:${field.type}` : field.nativeType ? NATIVE_TYPES[field.nativeType[0]] ?? field.nativeType[0] : SCALAR_TYPES[field.type];
      const type = field.isList ? `${base}[]` : base;
      const defaultName = typeof field.default === 'object' && field.default !== null ? (field.default as { name?: string }).name : undefined;
      const dbDefault = field.hasDefaultValue && !(defaultName && CLIENT_SIDE_DEFAULTS.has(defaultName));
      facts.push(`column ${table}.${column(field)} ${type} ${field.isRequired ? 'not null' : 'null'}${dbDefault ? ' default' : ''}`);
    }
    for (const extra of unsupportedFields(model.name)) {
      facts.push(`column ${table}.${extra.column} ${extra.type} ${extra.required ? 'not null' : 'null'}${extra.hasDefault ? ' default' : ''}`);
      byName.set(extra.name, { name: extra.name, dbName: extra.column } as DmmfField);
    }
    const pk = model.primaryKey?.fields ?? model.fields.filter((f) => f.isId).map((f) => f.name);
    facts.push(`pk ${table}(${pk.map((n) => column(byName.get(n)!)).join(',')})`);
    for (const f of model.fields.filter((f) => f.isUnique)) facts.push(`unique ${table}(${column(f)})`);
    for (const fields of model.uniqueFields) facts.push(`unique ${table}(${fields.map((n) => column(byName.get(n)!)).join(',')})`);
    for (const index of dmmf.datamodel.indexes.filter((i) => i.model === model.name && i.type === 'normal')) {
      facts.push(`index ${table}(${index.fields.map((f) => column(byName.get(f.name)!)).join(',')})`);
    }
  }
  return facts.sort();
}

/** The same facts, read from a migrated database's catalog. */
export async function actualFacts(client: pg.Client): Promise<string[]> {
  const facts: string[] = [];
  const enums = await client.query<{ name: string; labels: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`,
  );
  for (const e of enums.rows) facts.push(`enum ${e.name} (${e.labels.join(', ')})`);
  const columns = await client.query<{ table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string; column_default: string | null }>(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
  );
  for (const c of columns.rows) {
    let type = c.data_type === 'USER-DEFINED' ? `enum:${c.udt_name}` : c.data_type;
    if (c.data_type === 'ARRAY') type = `${c.udt_name.startsWith('_') ? (SCALAR_BY_UDT[c.udt_name.slice(1)] ?? `enum:${c.udt_name.slice(1)}`) : c.udt_name}[]`;
    facts.push(`column ${c.table_name}.${c.column_name} ${type} ${c.is_nullable === 'NO' ? 'not null' : 'null'}${c.column_default !== null ? ' default' : ''}`);
  }
  const constraints = await client.query<{ table: string; type: string; columns: string[] }>(
    `SELECT c.conrelid::regclass::text AS table, c.contype AS type,
            array_agg(a.attname ORDER BY k.ord)::text[] AS columns
       FROM pg_constraint c
       JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
       JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.contype IN ('p', 'f') AND c.conrelid::regclass::text <> '_prisma_migrations'
      GROUP BY c.oid, c.conrelid, c.contype`,
  );
  for (const c of constraints.rows) facts.push(`${c.type === 'p' ? 'pk' : 'fk'} ${c.table.replace(/"/g, '')}(${c.columns.join(',')})`);
  const indexes = await client.query<{ table: string; unique: boolean; primary: boolean; columns: string[] }>(
    `SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
            array_agg(a.attname ORDER BY k.ord)::text[] AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
      GROUP BY ix.indexrelid, t.relname, ix.indisunique, ix.indisprimary`,
  );
  for (const i of indexes.rows) if (!i.primary) facts.push(`${i.unique ? 'unique' : 'index'} ${i.table}(${i.columns.join(',')})`);
  return facts.sort();
}

const SCALAR_BY_UDT: Record<string, string> = { text: 'text', int4: 'integer', int8: 'bigint', float8: 'double precision', bool: 'boolean', uuid: 'uuid', jsonb: 'jsonb' };

import pg from 'pg';
import { registerAdmin, type Session } from '../tests/support/client.js';
import { Stack } from '../tests/support/stack.js';
import { testRun } from '../tests/support/test-env.js';
import { load, withBenchEnvironment } from './harness.js';

/**
 * weeklyReport latency with 1M events in analytics_events (10 organizations,
 * 26 weeks, 100 users each), seeded by generate_series in time order.
 * Reports are computed live (no stored ones): the worst case the query meets.
 * Usage: npm run bench:analytics-report [-- seconds concurrency events]
 */
const WEEKLY_REPORT = `query WeeklyReport($weekOf: DateTime) { weeklyReport(weekOf: $weekOf) {
  weekStart activeStudents messagesSent conversationsStarted knowledgeSourcesAdded
  topPersonas { persona { id } messages } dailyActivity { date messages activeUsers } } }`;
const DASHBOARD = `query { dashboard { totals { users personas knowledgeSources messages } last7Days { date messages activeUsers } } }`;
const ORGS = 10;
const WEEKS = 26;

async function seed(db: pg.Client, orgIds: string[], events: number): Promise<number> {
  const t0 = performance.now();
  // users: md5 of (org index, user index) as a UUID, so events can name them without a join
  await db.query(
    `INSERT INTO analytics_users (user_id, org_id, role, registered_at)
     SELECT md5('bench-user-' || o.i || '-' || u)::uuid, o.id, CASE WHEN u < 5 THEN 'TEACHER' ELSE 'STUDENT' END, now() - interval '200 days'
       FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, i), generate_series(0, 99) AS u`,
    [orgIds],
  );
  // 70% messages (half of them persona replies), 10% conversations, 10% logins, 5% sources, 5% client events.
  // Rows go in in time order, organizations interleaved in bursts of 20: the layout the worker writes.
  await db.query(
    `INSERT INTO analytics_events (id, org_id, user_id, type, occurred_at, payload, persona_id, subject_id, message_role)
     SELECT 'bench-' || g, ($1::uuid[])[t.org],
            md5('bench-user-' || t.org || '-' || (g / 3) % 100)::uuid,
            t.type, now() - interval '${WEEKS * 7} days' + (g::float8 / $2::int) * interval '${WEEKS * 7} days',
            jsonb_build_object('personaId', t.persona, 'conversationId', t.subject, 'role', t.role),
            t.persona, t.subject, t.role
       FROM generate_series(1, $2::int) AS g,
            LATERAL (SELECT 1 + (g / 20) % ${ORGS} AS org,
                            CASE WHEN g % 20 < 2 THEN 'conversation_started' WHEN g % 20 < 4 THEN 'login'
                                 WHEN g % 20 = 4 THEN 'source_ready' WHEN g % 20 = 5 THEN 'client:page_viewed' ELSE 'message_sent' END AS type,
                            'persona-' || (g / 7) % 8 AS persona,
                            CASE WHEN g % 20 = 4 THEN 'source-' || g / 100 ELSE 'conv-' || g / 3 END AS subject,
                            CASE WHEN g % 20 >= 6 THEN (CASE WHEN g % 2 = 0 THEN 'user' ELSE 'assistant' END) END AS role) t`,
    [orgIds, events],
  );
  // what autovacuum does to an insert-only table: statistics and the visibility map (index-only scans)
  await db.query('VACUUM ANALYZE analytics_events');
  await db.query('ANALYZE analytics_users');
  return Math.round(performance.now() - t0);
}

async function main() {
  const seconds = Number(process.argv[2] ?? 10);
  const concurrency = Number(process.argv[3] ?? 8);
  const events = Number(process.argv[4] ?? 1_000_000);
  await withBenchEnvironment(async () => {
    const stack = await Stack.start({ subgraphs: ['identity', 'analytics'], workers: [] });
    const db = new pg.Client({ connectionString: testRun().databaseUrl });
    await db.connect();
    try {
      const admins: Session[] = [];
      for (let i = 0; i < ORGS; i++) admins.push(await registerAdmin(stack.client()));
      const seedMs = await seed(db, admins.map((a) => a.orgId), events);
      const { rows } = await db.query('SELECT count(*)::int AS n FROM analytics_events');
      const randomWeek = () => new Date(Date.now() - (1 + Math.floor(Math.random() * (WEEKS - 1))) * 7 * 86_400_000).toISOString();
      const hit = (url: string, query: string, variables: () => object) => async () => {
        const admin = admins[Math.floor(Math.random() * admins.length)]!;
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
          body: JSON.stringify({ query, variables: variables() }),
        });
        const body = (await res.json()) as { errors?: unknown[] };
        if (!res.ok || body.errors) throw new Error(JSON.stringify(body.errors ?? res.status));
      };
      const direct = `${stack.url('analytics')}/graphql`;
      await load(hit(stack.gatewayUrl, WEEKLY_REPORT, () => ({ weekOf: randomWeek() })), concurrency, 2); // warm-up
      const weeklyThroughGateway = await load(hit(stack.gatewayUrl, WEEKLY_REPORT, () => ({ weekOf: randomWeek() })), concurrency, seconds);
      const weeklyOnSubgraph = await load(hit(direct, WEEKLY_REPORT, () => ({ weekOf: randomWeek() })), concurrency, seconds);
      const weeklyOneAtATime = await load(hit(direct, WEEKLY_REPORT, () => ({ weekOf: randomWeek() })), 1, seconds);
      const dashboardOnSubgraph = await load(hit(direct, DASHBOARD, () => ({})), concurrency, seconds);
      console.log(
        JSON.stringify(
          { events: rows[0].n, organizations: ORGS, weeks: WEEKS, seedMs, seconds, concurrency, weeklyThroughGateway, weeklyOnSubgraph, weeklyOneAtATime, dashboardOnSubgraph },
          null,
          2,
        ),
      );
    } finally {
      await db.end();
      await stack.stop();
    }
  });
}

void main();

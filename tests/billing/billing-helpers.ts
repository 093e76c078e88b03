import { Queue } from 'bullmq';
import { Kind, parse, print } from 'graphql';
import pg from 'pg';
import { createRedis } from '../../internal/redis.js';
import { contractSections } from '../contract/contract.js';
import type { Session } from '../support/client.js';
import { testRun } from '../support/test-env.js';

export const ME = /* GraphQL */ `
  query Me {
    me {
      id email name role
      organization {
        id name
        plan { id name }
        usage { messagesUsed messagesLimit storageBytesUsed storageBytesLimit seatsUsed seatsLimit }
      }
    }
  }`;

export const BILLING_STATUS = /* GraphQL */ `
  query BillingStatus {
    billing {
      plan { id name }
      status currentPeriodEnd cancelAtPeriodEnd paidBy
      usage { messagesUsed messagesLimit storageBytesUsed storageBytesLimit seatsUsed seatsLimit }
    }
  }`;

export const RECORD_MANUAL_PAYMENT = /* GraphQL */ `
  mutation RecordManualPayment($input: ManualPaymentInput!) {
    recordManualPayment(input: $input) { id amountCents currency method reference status months periodEnd plan { id } }
  }`;

export const PAYMENTS = /* GraphQL */ `
  query($first: Int, $after: String) {
    payments(first: $first, after: $after) {
      edges { node { id amountCents currency method reference status plan { id } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

/** A direct connection to the run's database, to look at what the services wrote. */
export async function connectDb(): Promise<pg.Client> {
  const db = new pg.Client({ connectionString: testRun().databaseUrl });
  await db.connect();
  return db;
}

export async function billingOf(session: Session) {
  return (await session.client.ok(BILLING_STATUS)).billing;
}

/** One operation of the shared contract, verbatim. */
export function contractOperation(name: string): string {
  for (const section of contractSections()) {
    const found = parse(section.source).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
    if (found) return print(found);
  }
  throw new Error(`operation ${name} is not in the contract`);
}

/** The domain events published for an organization (no analytics worker runs in these stacks, so they wait in the queue). */
export async function publishedEvents(prefix: string, orgId: string, type: string) {
  const connection = createRedis(testRun().redisUrl, { forQueues: true });
  const queue = new Queue('domain-events', { connection, prefix });
  try {
    const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'delayed']);
    return jobs.map((job) => job.data as { type: string; orgId: string; payload: Record<string, unknown> }).filter((e) => e.orgId === orgId && e.type === type);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

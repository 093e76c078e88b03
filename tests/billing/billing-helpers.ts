import pg from 'pg';
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

/** One operation of the shared contract, verbatim (with the fragments-free text the apps send). */
export function contractOperation(name: string): string {
  const { contractSections } = require('../contract/contract.js') as typeof import('../contract/contract.js');
  const { parse, print, Kind } = require('graphql') as typeof import('graphql');
  for (const section of contractSections()) {
    const found = parse(section.source).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
    if (found) return print(found);
  }
  throw new Error(`operation ${name} is not in the contract`);
}

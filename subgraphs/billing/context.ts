import DataLoader from 'dataloader';
import type { RequestContext } from '../../internal/graphql/context.js';
import { loaderById } from '../../internal/graphql/loaders.js';
import type { AccountRow, AccountService } from './account/account.service.js';
import type { QuotaService, UsageByMetric } from './quota/quota.service.js';

export interface BillingLoaders {
  /** billing account by organization id (null: none yet, i.e. free) */
  account: DataLoader<string, (AccountRow & { id: string }) | null>;
  usage: DataLoader<string, UsageByMetric>;
}

export type BillingContext = RequestContext<BillingLoaders>;

export function createBillingLoaders(accounts: AccountService, quotas: QuotaService): BillingLoaders {
  return {
    account: loaderById(async (orgIds) => (await accounts.findByOrgIds(orgIds)).map((row) => ({ ...row, id: row.orgId }))),
    usage: new DataLoader((orgIds) => quotas.usageMany(orgIds)),
  };
}

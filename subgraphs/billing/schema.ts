import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';
import { Forbidden, Unauthenticated } from '../../internal/errors.js';
import { buildFederatedSchema } from '../../internal/graphql/federated-schema.js';
import type { RequestContext } from '../../internal/graphql/context.js';
import { allow, applyShield, hasRole, isAuthenticated, rule } from '../../internal/graphql/shield.js';
import { BillingResolver } from './account/billing.resolver.js';
import { OrganizationResolver, resolveOrganizationReference } from './organization/organization.resolver.js';
import { Organization } from './organization/organization.type.js';
import { PaymentResolver } from './payment/payment.resolver.js';
import { PlanResolver } from './plan/plan.resolver.js';

/** Platform operators: signed-in users whose (verified) e-mail is listed in OPERATOR_EMAILS. */
export const isOperator = (operatorEmails: readonly string[]) =>
  rule('isOperator')((_parent, _args, ctx: RequestContext) => {
    if (!ctx.claims) return Unauthenticated();
    return operatorEmails.includes(ctx.claims.email.toLowerCase()) ? true : Forbidden('Only platform operators may record manual payments');
  });

export interface BillingSchemaOptions {
  operatorEmails?: readonly string[];
}

/** The billing subgraph schema; without a container it is only good for printing SDL. */
export async function buildSchema(container?: ContainerType, options: BillingSchemaOptions = {}): Promise<GraphQLSchema> {
  const schema = await buildFederatedSchema({
    resolvers: [PlanResolver, BillingResolver, PaymentResolver, OrganizationResolver],
    // reachable only through identity's entity, so named here or type-graphql leaves it out
    orphanedTypes: [Organization],
    container,
    references: { Organization: { __resolveReference: resolveOrganizationReference } },
  });
  const isAdmin = hasRole('ADMIN');
  return applyShield(schema, {
    Query: {
      plans: allow,
      billing: isAuthenticated,
      payments: isAdmin,
    },
    Mutation: {
      startCheckout: isAdmin,
      cancelSubscription: isAdmin,
      recordManualPayment: isOperator(options.operatorEmails ?? []),
    },
  });
}

import { AppError, ErrorCode } from '../../../internal/errors.js';
import type { Logger } from '../../../internal/logger.js';
import type { BillingQuota, BillingQuotaReservation } from '../../../internal/quota/billing-quota.js';
import type { IdentityDb } from '../db.js';

/**
 * Seats of an organization's plan = members + pending invitations (see
 * docs/billing.md). Billing counts them; the founding ADMIN is its
 * starting count. A pending invitation holds one seat reservation (its
 * id is stored on the invitation); accepting turns it into the member's
 * seat; a replaced or expired invitation gives it back.
 */
export class InvitationSeats {
  constructor(
    private readonly db: IdentityDb,
    private readonly quota: BillingQuota,
    private readonly log: Logger,
  ) {}

  /**
   * A seat for a new invitation, or null when the plan is full (the error
   * is kept: re-inviting the same person may take over their pending seat).
   */
  async reserve(orgId: string, token: string | null): Promise<{ seat: BillingQuotaReservation | null; refusal: AppError | null }> {
    await this.releaseExpired(orgId, token);
    try {
      return { seat: await this.quota.reserve({ orgId, metric: 'seats', amount: 1, token }), refusal: null };
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.QUOTA_EXCEEDED) return { seat: null, refusal: err };
      throw err;
    }
  }

  /**
   * Expired invitations give their seats back. Marking them revoked and
   * releasing commit together, so each seat is released exactly once: a
   * failed release rolls the marks back and the next sweep retries (billing
   * releases a reservation id only once, so a retried release is harmless).
   */
  async releaseExpired(orgId: string, token: string | null): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const expired = await tx.invitation.updateManyAndReturn({
        where: { orgId, acceptedAt: null, revokedAt: null, expiresAt: { lte: new Date() } },
        data: { revokedAt: new Date() },
        select: { seatReservationId: true },
      });
      for (const { seatReservationId } of expired) if (seatReservationId) await this.quota.releaseById(seatReservationId, token);
    }, { timeout: 30_000 });
  }

  /** Gives back seats of invitations that were replaced; a failure is logged (the seat stays counted until fixed). */
  async release(reservationIds: string[], token: string | null): Promise<void> {
    for (const id of reservationIds) {
      await this.quota.releaseById(id, token).catch((err) => this.log.error({ err, reservationId: id }, 'failed to release an invitation seat'));
    }
  }
}

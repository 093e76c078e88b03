-- AlterTable
ALTER TABLE "identity_invitations" ADD COLUMN     "seat_reservation_id" UUID;

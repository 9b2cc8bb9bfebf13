ALTER TABLE "comment_drafts" ADD COLUMN "objection" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "draft_verdict" text;
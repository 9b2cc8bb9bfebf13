ALTER TABLE `comment_drafts` ADD `objection` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `invitations` ADD `draft_verdict` text;
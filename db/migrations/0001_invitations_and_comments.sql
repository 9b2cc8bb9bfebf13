CREATE TABLE `comment_drafts` (
	`invitation_id` integer NOT NULL,
	`clause_key` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	`proposed_wording` text DEFAULT '' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `comment_drafts_key` ON `comment_drafts` (`invitation_id`,`clause_key`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` integer NOT NULL,
	`invitation_id` integer NOT NULL,
	`consultation_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`clause_id` integer,
	`text` text NOT NULL,
	`proposed_wording` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`clause_id`) REFERENCES `clauses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `comments_consultation_clause_idx` ON `comments` (`consultation_id`,`clause_id`);--> statement-breakpoint
CREATE INDEX `comments_invitation_idx` ON `comments` (`invitation_id`);--> statement-breakpoint
CREATE INDEX `comments_submission_idx` ON `comments` (`submission_id`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consultation_id` integer NOT NULL,
	`agency_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`token_nonce` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`revoked_at` integer,
	`sent_at` integer,
	`first_opened_at` integer,
	`last_seen_at` integer,
	`draft_updated_at` integer,
	`cutoff_override_at` integer,
	`late_allowed` integer DEFAULT false NOT NULL,
	`latest_submission_id` integer,
	`submitted_at` integer,
	`answer_kind` text,
	`late` integer DEFAULT false NOT NULL,
	`comment_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_consultation_agency_unique` ON `invitations` (`consultation_id`,`agency_id`);--> statement-breakpoint
CREATE INDEX `invitations_latest_submission_idx` ON `invitations` (`latest_submission_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consultation_id` integer,
	`invitation_id` integer,
	`kind` text NOT NULL,
	`to_addresses` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_consultation_idx` ON `outbox` (`consultation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consultation_id` integer NOT NULL,
	`due_at` integer NOT NULL,
	`done_at` integer,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reminders_due_idx` ON `reminders` (`done_at`,`due_at`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invitation_id` integer NOT NULL,
	`revision` integer NOT NULL,
	`version_id` integer NOT NULL,
	`answer_kind` text NOT NULL,
	`signer_name` text NOT NULL,
	`signer_position` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`late` integer DEFAULT false NOT NULL,
	`receipt_ref` text NOT NULL,
	`request_key` text NOT NULL,
	`reply_letter_name` text,
	`reply_letter` blob,
	`ip` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_revision_unique` ON `submissions` (`invitation_id`,`revision`);--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_request_key_unique` ON `submissions` (`request_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_receipt_unique` ON `submissions` (`receipt_ref`);
CREATE TABLE `settlements` (
	`comment_id` integer PRIMARY KEY NOT NULL,
	`note` text NOT NULL,
	`settled_by` integer,
	`settled_at` integer NOT NULL,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`settled_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `working_accepts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consultation_id` integer NOT NULL,
	`base_version_id` integer NOT NULL,
	`comment_id` integer NOT NULL,
	`clause_id` integer NOT NULL,
	`state` text NOT NULL,
	`before` text,
	`accepted_by` integer,
	`accepted_at` integer NOT NULL,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`base_version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`clause_id`) REFERENCES `clauses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`accepted_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `working_accepts_comment_unique` ON `working_accepts` (`base_version_id`,`comment_id`);--> statement-breakpoint
CREATE INDEX `working_accepts_clause_idx` ON `working_accepts` (`base_version_id`,`clause_id`);--> statement-breakpoint
CREATE TABLE `working_clauses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consultation_id` integer NOT NULL,
	`base_version_id` integer NOT NULL,
	`clause_id` integer NOT NULL,
	`heading` text NOT NULL,
	`body` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`base_version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`clause_id`) REFERENCES `clauses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `working_clauses_clause_unique` ON `working_clauses` (`base_version_id`,`clause_id`);--> statement-breakpoint
ALTER TABLE `comment_drafts` ADD `phrases` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `anchor_quote` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `anchor_prefix` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `anchor_suffix` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `anchor_start` integer;--> statement-breakpoint
ALTER TABLE `comments` ADD `suggestion` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `objection` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `invitations` ADD `verdict` text;--> statement-breakpoint
ALTER TABLE `submissions` ADD `verdict` text;--> statement-breakpoint
ALTER TABLE `versions` ADD `derived_from_version_id` integer;
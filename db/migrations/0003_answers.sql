CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consultation_id` integer NOT NULL,
	`decision` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	`new_clause_id` integer,
	`revision` integer DEFAULT 1 NOT NULL,
	`author_user_id` integer,
	`updated_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`new_clause_id`) REFERENCES `clauses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `answers_consultation_idx` ON `answers` (`consultation_id`);--> statement-breakpoint
CREATE TABLE `comment_answers` (
	`comment_id` integer PRIMARY KEY NOT NULL,
	`answer_id` integer NOT NULL,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answer_id`) REFERENCES `answers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `comment_answers_answer_idx` ON `comment_answers` (`answer_id`);--> statement-breakpoint
ALTER TABLE `consultations` ADD `answers_published_at` integer;
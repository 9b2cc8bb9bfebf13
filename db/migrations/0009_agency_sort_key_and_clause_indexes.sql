ALTER TABLE `agencies` ADD `sort_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `agencies_sort_key_idx` ON `agencies` (`sort_key`);--> statement-breakpoint
CREATE INDEX `answers_new_clause_idx` ON `answers` (`new_clause_id`);--> statement-breakpoint
CREATE INDEX `clauses_parent_idx` ON `clauses` (`parent_id`);--> statement-breakpoint
CREATE INDEX `comments_clause_idx` ON `comments` (`clause_id`);
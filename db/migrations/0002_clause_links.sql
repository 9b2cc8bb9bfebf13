CREATE TABLE `clause_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`to_version_id` integer NOT NULL,
	`from_version_id` integer NOT NULL,
	`old_clause_id` integer,
	`new_clause_id` integer,
	`relation` text NOT NULL,
	`score_pct` integer DEFAULT 0 NOT NULL,
	`manual` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`to_version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`from_version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`old_clause_id`) REFERENCES `clauses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`new_clause_id`) REFERENCES `clauses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `clause_links_to_idx` ON `clause_links` (`to_version_id`);--> statement-breakpoint
CREATE INDEX `clause_links_old_idx` ON `clause_links` (`old_clause_id`);--> statement-breakpoint
CREATE INDEX `clause_links_new_idx` ON `clause_links` (`new_clause_id`);
ALTER TABLE `clauses` ADD `citation` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `versions` ADD `corrections` text DEFAULT '[]' NOT NULL;
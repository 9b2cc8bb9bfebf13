CREATE TABLE `bodies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`agency_id` integer NOT NULL,
	`sort_key` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bodies_name_unique` ON `bodies` (`name`);--> statement-breakpoint
CREATE TABLE `body_members` (
	`body_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`body_id`) REFERENCES `bodies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `body_members_unique` ON `body_members` (`body_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `body_members_person_idx` ON `body_members` (`person_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`position` text DEFAULT '' NOT NULL,
	`emails` text DEFAULT '' NOT NULL,
	`agency_id` integer NOT NULL,
	`sort_key` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `people_agency_idx` ON `people` (`agency_id`);--> statement-breakpoint
CREATE INDEX `people_sort_key_idx` ON `people` (`sort_key`);--> statement-breakpoint
DROP INDEX `invitations_consultation_agency_unique`;--> statement-breakpoint
ALTER TABLE `invitations` ADD `person_id` integer REFERENCES people(id);--> statement-breakpoint
ALTER TABLE `invitations` ADD `body_id` integer REFERENCES bodies(id);--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_consultation_person_unique` ON `invitations` (`consultation_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `invitations_body_idx` ON `invitations` (`body_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_consultation_agency_unique` ON `invitations` (`consultation_id`,`agency_id`) WHERE person_id is null;
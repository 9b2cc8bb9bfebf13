ALTER TABLE `agencies` ADD `symbol` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `agencies` ADD `governing_body` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `agencies` ADD `place_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `consultations` ADD `report_settings` text DEFAULT '{}' NOT NULL;
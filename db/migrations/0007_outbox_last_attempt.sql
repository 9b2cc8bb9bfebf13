ALTER TABLE `outbox` ADD `last_attempt_at` integer;--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`last_attempt_at`);--> statement-breakpoint
UPDATE `outbox` SET `last_attempt_at` = `sent_at` WHERE `status` <> 'sent' AND `sent_at` IS NOT NULL;--> statement-breakpoint
UPDATE `outbox` SET `sent_at` = NULL WHERE `status` <> 'sent';

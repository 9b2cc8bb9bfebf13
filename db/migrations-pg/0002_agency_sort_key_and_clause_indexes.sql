ALTER TABLE "agencies" ADD COLUMN "sort_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "agencies_sort_key_idx" ON "agencies" USING btree ("sort_key");--> statement-breakpoint
CREATE INDEX "answers_new_clause_idx" ON "answers" USING btree ("new_clause_id");--> statement-breakpoint
CREATE INDEX "clauses_parent_idx" ON "clauses" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "comments_clause_idx" ON "comments" USING btree ("clause_id");
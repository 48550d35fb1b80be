-- Replies to a topic gather into the follower's unread notification about it instead of one
-- notification each: a busy topic is one line in the inbox, "5 new replies", until it is read.
ALTER TABLE "notifications" ADD COLUMN "gathered" INTEGER NOT NULL DEFAULT 1;

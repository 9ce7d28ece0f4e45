-- What one and several units of a quantity add-on are called ("GB", "tracker"/"trackers").
ALTER TABLE add_ons ADD COLUMN unit_label text;
ALTER TABLE add_ons ADD COLUMN unit_label_plural text;

"""Work in progress that is not yet a fact: report drafts a unit keeps to itself until it
submits, and the evidence files a report will point to. Kept in the read model's database in
tables that are not read-model tables, so a rebuild of the read model keeps them."""

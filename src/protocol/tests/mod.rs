//! Tests built from the seed documents' own examples and tables.

mod catalogue_table;
mod event_payloads;
mod op_rules;
mod responses;
mod schema_drift;
mod seed_examples;
mod typings;

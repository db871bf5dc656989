//! Hand-assembled parts of the `.d.ts` that tsify cannot derive: the event
//! map comes from the catalogue.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(typescript_custom_section)]
const EVENT_MAP: &str = crate::protocol::catalogue::EVENT_MAP_TS;

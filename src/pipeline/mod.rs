//! The national pipeline: district level then commune level, phase 1 then
//! phase 2, on the map each step produces.

pub mod merge;
pub mod workmap;

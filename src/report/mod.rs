//! Report rendering: `summary.md` and a self-contained, printable
//! `report.html`, in Vietnamese (default) or English.

mod lang;
mod write;

pub use lang::{Lang, fmt_dec, fmt_delta, fmt_int, fmt_pct};
pub use write::write_atomic;

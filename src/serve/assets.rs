//! The workbench page, embedded in the binary (no network, no CDN): plain
//! HTML, SVG drawn by a script without framework, and a style sheet.

/// The page.
pub const INDEX_HTML: &str = include_str!("../../assets/workbench/index.html");
/// The page's script.
pub const APP_JS: &str = include_str!("../../assets/workbench/app.js");
/// The page's style.
pub const APP_CSS: &str = include_str!("../../assets/workbench/app.css");

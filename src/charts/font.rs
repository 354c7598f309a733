//! The embedded font (Noto Sans, SIL Open Font License 1.1, see
//! `assets/fonts/OFL.txt`), registered for plotters' `ab_glyph` text backend.

use std::sync::OnceLock;

use plotters::style::FontStyle;

use super::ChartError;

/// Noto Sans Regular (covers the full Vietnamese alphabet with precomposed
/// diacritics).
pub static FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
/// Noto Sans Bold.
pub static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// The font family every chart uses; the embedded font is registered under it.
pub(crate) const FAMILY: &str = "sans-serif";

static REGISTERED: OnceLock<Result<(), &'static str>> = OnceLock::new();

/// Registers the embedded font with plotters under the family `sans-serif`
/// (normal and bold). Idempotent and thread-safe; every drawing function
/// calls it first, so callers need not.
///
/// # Errors
/// [`ChartError::Font`] if an embedded font cannot be parsed (cannot happen
/// with the shipped files; tested).
pub fn ensure_fonts() -> Result<(), ChartError> {
    let result = REGISTERED.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, FONT_REGULAR)
            .map_err(|_| "NotoSans-Regular.ttf")?;
        plotters::style::register_font(FAMILY, FontStyle::Bold, FONT_BOLD)
            .map_err(|_| "NotoSans-Bold.ttf")?;
        Ok(())
    });
    result.map_err(|name| ChartError::Font { name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_fonts_register() {
        assert!(ensure_fonts().is_ok());
        // Twice is fine.
        assert!(ensure_fonts().is_ok());
    }
}

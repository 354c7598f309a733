//! Committee-ready charts and the province map, as SVG and PNG.
//!
//! Each chart is drawn by one backend-generic function
//! (`draw_quadrant`, `draw_district_counts`, `draw_merges_per_year`,
//! `draw_surplus`, [`map::draw_map`]) taking a plotters [`DrawingArea`], its
//! plain input struct and a [`Lang`]. [`Chart`] wraps them and renders the
//! same drawing as an SVG string or PNG bytes, or writes both files
//! atomically.
//!
//! Text is drawn with the Noto Sans font shipped in `assets/fonts/` (SIL
//! Open Font License) and embedded in the binary, so Vietnamese labels
//! render on a machine without any system font.
//!
//! Outputs are deterministic: the same input gives the same bytes.

mod bars;
mod font;
mod legend;
pub mod map;
mod palette;
mod quadrant;
mod strings;

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

pub use bars::{
    DOT_ROWS, DistrictCounts, MergesPerYear, StaffSurplus, SurplusYear, TOP_SERIES,
    UnitsPerDistrict, YearMerges, draw_district_counts, draw_merges_per_year, draw_surplus,
    top_series,
};
pub use font::{FONT_BOLD, FONT_REGULAR, ensure_fonts};
pub use map::{MapData, MapDistrictMerge, MapGroup, draw_map, group_fills};
pub use quadrant::{ChartStatus, DENSE_POINTS, Guide, QuadrantData, QuadrantPoint, draw_quadrant};
pub use strings::{CHARTS_EN, CHARTS_VI, ChartStrings};

use crate::geo::{GeoJsonError, ProvinceGeometry};
use crate::io::output::{OutputError, write_file_atomic};
use crate::lang::Lang;

/// What can go wrong while drawing or writing a chart.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ChartError {
    /// The embedded font could not be parsed (a build problem, not user input).
    #[error("the embedded font {name} cannot be loaded")]
    Font {
        /// Which font file.
        name: &'static str,
    },
    /// The drawing backend failed.
    #[error("drawing the {chart} chart failed: {message}")]
    Draw {
        /// Which chart.
        chart: &'static str,
        /// The backend's message.
        message: String,
    },
    /// PNG encoding failed.
    #[error("encoding the {chart} chart as PNG failed: {error}")]
    Png {
        /// Which chart.
        chart: &'static str,
        /// The encoder's error.
        error: image::ImageError,
    },
    /// A file could not be written.
    #[error("cannot write {}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        error: std::io::Error,
    },
    /// The province geometry is invalid.
    #[error(transparent)]
    GeoJson(#[from] GeoJsonError),
    /// A chart file could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl ChartError {
    /// Wraps a backend error of any drawing backend.
    pub(crate) fn draw(chart: &'static str, e: impl std::fmt::Display) -> ChartError {
        ChartError::Draw {
            chart,
            message: e.to_string(),
        }
    }
}

/// One chart with its input, ready to be rendered to any format.
#[derive(Clone, Copy, Debug)]
pub enum Chart<'a> {
    /// Area % / population % of standard, one point per unit.
    Quadrant(&'a QuadrantData),
    /// Units per district before and after each phase.
    DistrictCounts(&'a UnitsPerDistrict),
    /// Units merged away per year, stacked by district.
    MergesPerYear(&'a MergesPerYear),
    /// Staff surplus by year.
    Surplus(&'a StaffSurplus),
    /// The province map coloured by merge group.
    Map(&'a ProvinceGeometry, &'a MapData),
}

impl Chart<'_> {
    /// Short name used in error messages and default file names.
    pub fn name(&self) -> &'static str {
        match self {
            Chart::Quadrant(_) => "quadrant",
            Chart::DistrictCounts(_) => "units_per_district",
            Chart::MergesPerYear(_) => "merges_per_year",
            Chart::Surplus(_) => "staff_surplus",
            Chart::Map(..) => "map",
        }
    }

    /// Size in pixels (width, height). Bar charts grow with their number
    /// of categories so that labels never overlap; the map with its legend
    /// and the key of its numbered labels (whose text depends on `lang`).
    pub fn size(&self, lang: Lang) -> (u32, u32) {
        match self {
            Chart::Quadrant(_) => (1000, 720),
            Chart::DistrictCounts(d) => bars::district_counts_size(d),
            Chart::MergesPerYear(_) => (1000, 600),
            Chart::Surplus(_) => (1000, 560),
            Chart::Map(g, d) => map::map_size(g, d, lang),
        }
    }

    /// Draws the chart on any backend.
    ///
    /// # Errors
    /// [`ChartError::Draw`] if the backend fails.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: DrawingArea<DB, Shift>,
        lang: Lang,
    ) -> Result<(), ChartError> {
        match self {
            Chart::Quadrant(d) => draw_quadrant(area, d, lang),
            Chart::DistrictCounts(d) => draw_district_counts(area, d, lang),
            Chart::MergesPerYear(d) => draw_merges_per_year(area, d, lang),
            Chart::Surplus(d) => draw_surplus(area, d, lang),
            Chart::Map(g, d) => draw_map(area, g, d, lang),
        }
    }

    /// Renders the chart as an SVG document.
    ///
    /// # Errors
    /// [`ChartError::Draw`] if drawing fails.
    pub fn svg(&self, lang: Lang) -> Result<String, ChartError> {
        let mut out = String::new();
        {
            let backend = SVGBackend::with_string(&mut out, self.size(lang));
            self.draw(backend.into_drawing_area(), lang)?;
        }
        Ok(out)
    }

    /// Renders the chart as a PNG image (8-bit RGB).
    ///
    /// # Errors
    /// [`ChartError::Draw`] if drawing fails, [`ChartError::Png`] if encoding fails.
    pub fn png(&self, lang: Lang) -> Result<Vec<u8>, ChartError> {
        let (w, h) = self.size(lang);
        let mut buf = vec![0u8; (w as usize) * (h as usize) * 3];
        {
            let backend = BitMapBackend::with_buffer(&mut buf, (w, h));
            self.draw(backend.into_drawing_area(), lang)?;
        }
        let mut out = Vec::new();
        let encoder = image::codecs::png::PngEncoder::new(&mut out);
        image::ImageEncoder::write_image(encoder, &buf, w, h, image::ColorType::Rgb8).map_err(
            |error| ChartError::Png {
                chart: self.name(),
                error,
            },
        )?;
        Ok(out)
    }

    /// Writes `<dir>/<stem>.svg` and `<dir>/<stem>.png` atomically (each
    /// through a temporary file renamed into place) and returns their paths.
    ///
    /// # Errors
    /// Drawing errors, or [`ChartError::Io`] naming the file that failed.
    pub fn write(&self, dir: &Path, stem: &str, lang: Lang) -> Result<ChartFiles, ChartError> {
        let svg = self.svg(lang)?;
        let png = self.png(lang)?;
        let svg_path = dir.join(format!("{stem}.svg"));
        let png_path = dir.join(format!("{stem}.png"));
        std::fs::create_dir_all(dir).map_err(|error| ChartError::Io {
            path: dir.to_path_buf(),
            error,
        })?;
        write_file_atomic(&svg_path, svg.as_bytes())?;
        write_file_atomic(&png_path, &png)?;
        Ok(ChartFiles {
            svg: svg_path,
            png: png_path,
        })
    }
}

/// The two files written for one chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartFiles {
    /// The SVG file.
    pub svg: PathBuf,
    /// The PNG file.
    pub png: PathBuf,
}

/// Replaces `{n}` in a template with a value.
pub(crate) fn fill(template: &str, n: &str) -> String {
    template.replace("{n}", n)
}

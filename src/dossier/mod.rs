//! The dossier a province takes to the People's Council: the đề án's annex
//! tables as an Excel workbook (`plan.xlsx`) and the draft resolution of the
//! Standing Committee as a Word document (`du-thao-nghi-quyet.docx`).
//!
//! Both are renderings of one computed document, [`Dossier`], built from a
//! plan ([`from_plan`]) or a 2025 regionalization ([`from_regions`]), so a
//! figure can never differ between the workbook, the draft and the HTML
//! report (which shows the same draft text). Renderers are functions of the
//! document only ([`xlsx`], [`docx`]), not of the command line.
//!
//! | sheet | rows |
//! |---|---|
//! | Hiện trạng | every unit of the scope per phase: figures, standard, ratios, criterion or exemption, category, tag, assumptions |
//! | Phương án | one row per member, the new unit's columns merged over its members (with the tag V/S/U of the standard its verdict rests on); conversions of kind below |
//! | Sau sắp xếp | communes per district and districts per province by kind, before and after each phase |
//! | Lộ trình | merges, units reduced, people affected and surplus staff per year |
//! | Cán bộ | Decree 33 quotas and surplus per merge |

mod build;
mod docx;
mod draft;
mod map;
mod model;
mod regions;

mod xlsx;

pub use build::{PlanInputs, from_plan};
pub use docx::{DocxError, render as docx};
pub use model::{
    Category, ConversionEntry, CountRow, Dossier, Draft, DraftBlock, DraftSection, MemberEntry,
    MergeEntry, StaffRow, StatusRow, Wording, YearRow, kinds_of,
};

pub use regions::{RegionInputs, from_regions};
pub use xlsx::render as xlsx;

/// File name of the workbook inside a report folder.
pub const WORKBOOK: &str = "plan.xlsx";
/// File name of the draft resolution inside a report folder.
pub const DRAFT: &str = "du-thao-nghi-quyet.docx";

/// The dossier could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum DossierError {
    /// The workbook writer failed.
    #[error("writing plan.xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The draft could not be packed.
    #[error(transparent)]
    Docx(#[from] DocxError),
}

/// Renders both files of the dossier, as `(file name, bytes)`.
///
/// # Errors
/// [`DossierError`] from either writer.
pub fn render(d: &Dossier) -> Result<Vec<(String, Vec<u8>)>, DossierError> {
    Ok(vec![
        (WORKBOOK.to_string(), xlsx(d)?),
        (DRAFT.to_string(), docx(d)?),
    ])
}

//! `du-thao-nghi-quyet.docx`: the draft resolution as a Word document
//! (`docx-rs`), one section per phase, A4 portrait, Times New Roman 14 pt as
//! administrative documents are typeset.
//!
//! Deterministic: paragraph ids are numbered here (not by the crate's
//! per-thread counter), the document's dates are fixed, and the zip entries
//! carry the zip format's fixed default timestamp.

use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts,
    SpecialIndentType,
};

use super::model::{Dossier, DraftBlock};

/// The draft could not be packed.
#[derive(Debug, thiserror::Error)]
#[error("packing the draft resolution: {0}")]
pub struct DocxError(String);

struct Ids(u32);

impl Ids {
    fn next(&mut self) -> String {
        self.0 += 1;
        format!("{:08X}", self.0)
    }
}

fn para(ids: &mut Ids, text: &str, bold: bool, align: AlignmentType) -> Paragraph {
    let mut run = Run::new().add_text(text);
    if bold {
        run = run.bold();
    }
    Paragraph::new()
        .id(ids.next())
        .add_run(run)
        .align(align)
        .line_spacing(LineSpacing::new().before(0).after(120))
}

fn body(ids: &mut Ids, text: &str, bold: bool) -> Paragraph {
    para(ids, text, bold, AlignmentType::Both).indent(
        None,
        Some(SpecialIndentType::FirstLine(567)),
        None,
        None,
    )
}

/// Renders the draft resolution of `d`.
///
/// # Errors
/// [`DocxError`] if the zip container cannot be written (it is written to
/// memory, so only on a bug of the writer).
///
/// # Complexity
/// O(size of the text).
pub fn render(d: &Dossier) -> Result<Vec<u8>, DocxError> {
    let font = "Times New Roman";
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1701)
                .right(1134),
        )
        .default_fonts(
            RunFonts::new()
                .ascii(font)
                .hi_ansi(font)
                .cs(font)
                .east_asia(font),
        )
        .default_size(28)
        .created_at("2023-07-12T00:00:00Z")
        .updated_at("2023-07-12T00:00:00Z");
    let mut ids = Ids(0);
    for (i, s) in d.draft.sections.iter().enumerate() {
        let mut head = para(&mut ids, "DỰ THẢO", true, AlignmentType::Right);
        if i > 0 {
            head = head.page_break_before(true);
        }
        doc = doc
            .add_paragraph(head)
            .add_paragraph(para(
                &mut ids,
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                true,
                AlignmentType::Center,
            ))
            .add_paragraph(para(
                &mut ids,
                "Độc lập - Tự do - Hạnh phúc",
                true,
                AlignmentType::Center,
            ))
            .add_paragraph(para(&mut ids, "NGHỊ QUYẾT", true, AlignmentType::Center))
            .add_paragraph(para(&mut ids, &s.title, true, AlignmentType::Center));
        for b in &s.blocks {
            let p = match b {
                DraftBlock::Article(t) => body(&mut ids, t, true).keep_next(true),
                DraftBlock::Item(t) | DraftBlock::Para(t) => {
                    let centered = t == "ỦY BAN THƯỜNG VỤ QUỐC HỘI" || t == "QUYẾT NGHỊ:";
                    if centered {
                        para(&mut ids, t, true, AlignmentType::Center)
                    } else {
                        body(&mut ids, t, false)
                    }
                }
            };
            doc = doc.add_paragraph(p);
        }
    }
    if d.draft.sections.is_empty() {
        doc = doc.add_paragraph(
            Paragraph::new()
                .id(ids.next())
                .add_run(Run::new().add_break(BreakType::TextWrapping)),
        );
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut buf)
        .map_err(|e| DocxError(e.to_string()))?;
    Ok(buf.into_inner())
}

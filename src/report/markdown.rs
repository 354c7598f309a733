//! Markdown rendering of a [`Doc`] (`summary.md`).

use std::fmt::Write as _;

use super::doc::{Block, Col, Doc, DocTable};
use super::escape::md;

/// Renders a document as GitHub-flavoured Markdown. Every text is escaped.
///
/// # Complexity
/// O(size of the document).
pub(crate) fn render(doc: &Doc) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(out, "# {}\n", md(&doc.title));
    for (k, v) in &doc.meta {
        let _ = writeln!(out, "- **{}:** {}", md(k), md(v));
    }
    if !doc.meta.is_empty() {
        out.push('\n');
    }
    for (i, sec) in doc.sections.iter().enumerate() {
        let _ = writeln!(out, "## {}. {}\n", i + 1, md(&sec.heading));
        for b in &sec.blocks {
            match b {
                Block::Sub(t) => {
                    let _ = writeln!(out, "### {}\n", md(t));
                }
                Block::Para(t) => {
                    let _ = writeln!(out, "{}\n", md(t));
                }
                Block::Small(t) => {
                    let _ = writeln!(out, "_{}_\n", md(t));
                }
                Block::Table(t) => table(&mut out, t),
                Block::Chart(c) => {
                    let _ = writeln!(out, "![{}]({})\n", md(&c.title), link(&c.svg));
                }
            }
        }
    }
    let _ = writeln!(out, "---\n\n_{}_", md(&doc.footer));
    out
}

/// A relative link target: spaces and parentheses percent-encoded.
fn link(path: &str) -> String {
    path.replace('%', "%25")
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

fn table(out: &mut String, t: &DocTable) {
    let head: Vec<String> = t.head.iter().map(|h| md(h)).collect();
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let align: Vec<&str> = (0..t.head.len())
        .map(|i| if t.col(i) == Col::Num { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", align.join("|"));
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, lines)| match (t.col(i), lines.as_slice()) {
                (Col::Link, [text, href]) => format!("[{}]({})", md(text), link(href)),
                _ => lines.iter().map(|l| md(l)).collect::<Vec<_>>().join("; "),
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    if let Some(foot) = &t.foot {
        let cells: Vec<String> = foot
            .iter()
            .map(|c| {
                if c.is_empty() {
                    String::new()
                } else {
                    format!("**{}**", md(c))
                }
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

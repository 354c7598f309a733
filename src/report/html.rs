//! Self-contained HTML rendering of a [`Doc`] (`report.html`): inline CSS,
//! charts inlined as SVG, no external file or network access, printable on
//! A4.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::doc::{Block, Col, Doc, DocTable};
use super::escape::html;
use super::strings::Strings;
use crate::lang::Lang;

/// The stylesheet: screen and A4 print (sections flow on from one another
/// so that no page is left half empty; the charts and the draft resolution
/// start a page; tables fit the page width, their headers repeated on each
/// page, rows and figures never split; numbers and short keys — codes,
/// years, phases — never wrap).
const CSS: &str = r#"
:root { --ink: #212529; --muted: #5f6b76; --line: #ccd3da; --accent: #0b4f8a; --head: #e8eff6; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); max-width: 1120px; margin: 0 auto; padding: 28px 32px; line-height: 1.45; font-size: 15px; }
header h1 { font-size: 26px; line-height: 1.25; margin: 0 0 12px; color: var(--accent); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0 0 16px; }
dl.meta dt { font-weight: 600; color: var(--muted); }
dl.meta dd { margin: 0; }
nav.toc { border: 1px solid var(--line); border-radius: 4px; padding: 8px 16px; margin: 12px 0 8px; background: #f7f9fb; }
nav.toc h2 { border: 0; margin: 4px 0; font-size: 16px; }
nav.toc ol { margin: 4px 0; padding-left: 22px; }
nav.toc a { color: var(--accent); text-decoration: none; }
h2 { font-size: 20px; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin: 32px 0 12px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; text-align: left; }
thead th { background: var(--head); font-weight: 600; vertical-align: bottom; }
tbody tr:nth-child(even) { background: #f9fbfc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, td.key { white-space: nowrap; }
th.wide { width: 34%; }
tfoot td { font-weight: 700; background: #f1f3f5; }
p.small { font-size: 12px; color: var(--muted); margin: 4px 0 12px; }
figure { margin: 18px 0 24px; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid #eceff2; }
figure svg text { font-family: "Noto Sans", "Segoe UI", Roboto, Arial, sans-serif; }
figcaption { font-size: 13px; color: var(--muted); text-align: center; margin-top: 4px; }
.missing { border: 1px dashed var(--line); padding: 24px; text-align: center; color: var(--muted); }
footer { margin-top: 36px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  table { font-size: 8.5pt; }
  section { break-before: auto; page-break-before: auto; }
  section#charts, section#draft { break-before: page; page-break-before: always; }
  table { width: calc(100% - 2px); max-width: calc(100% - 2px); }
  th, td { padding: 2px 4px; overflow-wrap: break-word; }
  td.key { white-space: normal; }
  td.num, td.nw { white-space: nowrap; }
  th.wide { width: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  figure { break-inside: avoid; page-break-inside: avoid; }
  figure svg { max-height: 235mm; border: 0; }
  nav.toc a { color: inherit; }
}
"#;

/// Prepares an SVG document for inlining: drops an XML declaration, and
/// the root's fixed width and height (the viewBox keeps the proportions,
/// the CSS makes it fluid). `None` if it is not an SVG document or holds a
/// script.
pub(crate) fn inline_svg(svg: &str, title: &str) -> Option<String> {
    let mut s = svg.trim_start();
    if s.starts_with("<?xml") {
        s = &s[s.find("?>")? + 2..];
        s = s.trim_start();
    }
    if !s.starts_with("<svg") || s.to_ascii_lowercase().contains("<script") {
        return None;
    }
    let end = s.find('>')?;
    let (tag, rest) = s.split_at(end);
    let mut attrs = String::new();
    let mut t = &tag[4..];
    // Copy attributes except width/height; values are double-quoted in our files.
    while let Some(eq) = t.find("=\"") {
        let name = t[..eq].trim();
        let after = &t[eq + 2..];
        let close = after.find('"')?;
        let value = &after[..close];
        if name != "width" && name != "height" {
            let _ = write!(attrs, " {name}=\"{value}\"");
        }
        t = &after[close + 1..];
    }
    Some(format!(
        "<svg{attrs} role=\"img\" aria-label=\"{}\"{}",
        html(title),
        rest
    ))
}

/// The interactive map's script and style (`assets/webmap/`), embedded so
/// that `report.html` works offline from `file://`.
const MAP_JS: &str = include_str!("../../assets/webmap/reorg-map.js");
const MAP_CSS: &str = include_str!("../../assets/webmap/reorg-map.css");

/// The interactive map's place in the page (before the static maps), and
/// its script with its data at the end of the body. JSON is made safe
/// inside `<script>` by escaping `<`.
fn web_map_figure(o: &mut String, s: &Strings) {
    let _ = write!(
        o,
        "<figure class=\"webmap\">\n<div id=\"reorg-map\" class=\"rm\"><p class=\"missing\">{}</p></div>\n\
         <figcaption>{}</figcaption>\n<p class=\"small\">{}</p>\n</figure>\n",
        html(s.map_ui.noscript),
        html(s.map_ui.title),
        html(s.map_ui.help)
    );
}

fn web_map_script(o: &mut String, data: &str) {
    let _ = write!(
        o,
        "<script>{MAP_JS}</script>\n\
         <script type=\"application/json\" id=\"reorg-map-data\">{}</script>\n\
         <script>(function () {{ var d = JSON.parse(document.getElementById('reorg-map-data').textContent); \
         d.geojson = ReorgMap.decode(d.compact); \
         window.reorgMap = ReorgMap.mount(document.getElementById('reorg-map'), d); }})();</script>\n",
        data.replace('<', "\\u003c")
    );
}

/// Renders a document as one self-contained HTML page. `svgs` maps a
/// chart's SVG path (as in [`super::ChartRef::svg`]) to its content;
/// `web_map` is the interactive map's data, drawn before the first static
/// map (or at the end when there is none).
///
/// # Complexity
/// O(size of the document and the charts).
pub(crate) fn render(
    doc: &Doc,
    lang: Lang,
    svgs: &BTreeMap<String, String>,
    web_map: Option<&str>,
) -> String {
    let mut map_placed = web_map.is_none();
    let s = Strings::for_lang(lang);
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        lang.tag(),
        html(&doc.title),
        if web_map.is_some() {
            format!("{CSS}{MAP_CSS}")
        } else {
            CSS.to_string()
        },
        html(&doc.title)
    );
    if !doc.meta.is_empty() {
        o.push_str("<dl class=\"meta\">\n");
        for (k, v) in &doc.meta {
            let _ = writeln!(o, "<dt>{}</dt><dd>{}</dd>", html(k), html(v));
        }
        o.push_str("</dl>\n");
    }
    let _ = writeln!(o, "<nav class=\"toc\"><h2>{}</h2><ol>", html(s.contents));
    for sec in &doc.sections {
        let _ = writeln!(
            o,
            "<li><a href=\"#{}\">{}</a></li>",
            sec.id,
            html(&sec.heading)
        );
    }
    o.push_str("</ol></nav>\n</header>\n<main>\n");
    for (i, sec) in doc.sections.iter().enumerate() {
        let _ = write!(
            o,
            "<section id=\"{}\"{}>\n<h2>{}. {}</h2>\n",
            sec.id,
            if sec.new_page { "" } else { " class=\"short\"" },
            i + 1,
            html(&sec.heading)
        );
        for b in &sec.blocks {
            match b {
                Block::Sub(t) => {
                    let _ = writeln!(o, "<h3>{}</h3>", html(t));
                }
                Block::Para(t) => {
                    let _ = writeln!(o, "<p>{}</p>", html(t));
                }
                Block::Small(t) => {
                    let _ = writeln!(o, "<p class=\"small\">{}</p>", html(t));
                }
                Block::Table(t) => table(&mut o, t),
                Block::Chart(c) => {
                    if !map_placed && c.svg.starts_with("charts/map-") {
                        web_map_figure(&mut o, s);
                        map_placed = true;
                    }
                    o.push_str("<figure>\n");
                    match svgs.get(&c.svg).and_then(|svg| inline_svg(svg, &c.title)) {
                        Some(svg) => o.push_str(&svg),
                        None => {
                            let _ = write!(
                                o,
                                "<div class=\"missing\">{}: {}</div>",
                                html(s.chart_missing),
                                html(&c.svg)
                            );
                        }
                    }
                    let _ = writeln!(
                        o,
                        "\n<figcaption>{}</figcaption>\n</figure>",
                        html(&c.title)
                    );
                }
            }
        }
        o.push_str("</section>\n");
    }
    if !map_placed {
        web_map_figure(&mut o, s);
    }
    let _ = write!(o, "</main>\n<footer>{}</footer>\n", html(&doc.footer));
    if let Some(data) = web_map {
        web_map_script(&mut o, data);
    }
    o.push_str("</body>\n</html>\n");
    o
}

fn table(o: &mut String, t: &DocTable) {
    let class = |i: usize| match t.col(i) {
        Col::Text => "",
        Col::Wide => " class=\"wide\"",
        Col::Key => " class=\"key\"",
        Col::Num => " class=\"num\"",
        Col::Link => " class=\"key\"",
    };
    o.push_str("<table>\n<thead><tr>");
    for (i, h) in t.head.iter().enumerate() {
        let _ = write!(o, "<th{}>{}</th>", class(i), html(h));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        o.push_str("<tr>");
        for (i, lines) in row.iter().enumerate() {
            if let (Col::Link, [text, href]) = (t.col(i), lines.as_slice()) {
                let _ = write!(
                    o,
                    "<td{}><a href=\"{}\">{}</a></td>",
                    class(i),
                    html(href),
                    html(text)
                );
                continue;
            }
            let cell: Vec<String> = lines.iter().map(|l| html(l)).collect();
            // A short key (a code, a year, a phase) stays on one line in print.
            let class = if t.col(i) == Col::Key && lines.iter().all(|l| is_short_key(l)) {
                " class=\"key nw\""
            } else {
                class(i)
            };
            let _ = write!(o, "<td{}>{}</td>", class, cell.join("<br>"));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n");
    if let Some(foot) = &t.foot {
        o.push_str("<tfoot><tr>");
        for (i, c) in foot.iter().enumerate() {
            let _ = write!(o, "<td{}>{}</td>", class(i), html(c));
        }
        o.push_str("</tr></tfoot>\n");
    }
    o.push_str("</table>\n");
}

/// Whether a key cell's line is short enough never to wrap in print: a
/// code, a year or a phase (`2023–2025`), at most 12 characters.
fn is_short_key(line: &str) -> bool {
    line.chars().count() <= 12
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_svg_drops_fixed_size_and_declaration() {
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"10\" height=\"20\" viewBox=\"0 0 10 20\" xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>";
        let out = inline_svg(svg, "A & B").unwrap();
        assert!(out.starts_with("<svg viewBox=\"0 0 10 20\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"A &amp; B\">"), "{out}");
        assert!(out.ends_with("<rect/></svg>"));
    }

    #[test]
    fn inline_svg_rejects_non_svg_and_scripts() {
        assert!(inline_svg("<html></html>", "x").is_none());
        assert!(inline_svg("<svg><SCRIPT>alert(1)</SCRIPT></svg>", "x").is_none());
    }
}

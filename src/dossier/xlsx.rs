//! `plan.xlsx`: the đề án's annex tables as an Excel workbook
//! (`rust_xlsxwriter`), one sheet per annex.
//!
//! Numbers are real numbers (area with two decimals, counts grouped by
//! thousands; Excel shows the separators of the reader's locale), every text
//! is written as a string (never as a formula, so a name starting with `=`
//! cannot run), headers are frozen, filtered and repeated on every printed
//! page (A4 landscape, fitted to the width). Totals and the values a
//! planner edits and expects to recompute — a new unit's area and
//! population, the percentages of the standard, surpluses, totals — are
//! formulas, written with their computed result cached so that any reader
//! sees the values. The file is deterministic: fixed creation date, fixed
//! timestamps inside the zip container.

use rust_xlsxwriter::utility::row_col_to_cell as cell;
use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, RowNum,
    Workbook, Worksheet, XlsxError,
};

use super::model::{Category, Dossier, MemberEntry, kinds_of};
use crate::lang::Lang;
use crate::model::{Level, Phase, UnitKind};

struct Formats {
    title: Format,
    head: Format,
    text: Format,
    int: Format,
    dec: Format,
    pct: Format,
    bold: Format,
    bold_int: Format,
    bold_dec: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top)
            .set_font_name("Times New Roman")
            .set_font_size(11);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_name("Times New Roman")
                .set_font_size(13),
            head: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(0xD9E1F2),
            text: cell.clone().set_text_wrap(),
            int: cell.clone().set_num_format("#,##0"),
            dec: cell.clone().set_num_format("#,##0.00"),
            pct: cell.clone().set_num_format("0.0%"),
            bold: cell.clone().set_bold().set_text_wrap(),
            bold_int: cell.clone().set_bold().set_num_format("#,##0"),
            bold_dec: cell.set_bold().set_num_format("#,##0.00"),
        }
    }
}

/// A number as Excel caches a formula's result.
fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

fn phase_label(p: Phase) -> String {
    let (a, b) = p.years();
    if a == b {
        a.to_string()
    } else {
        format!("{a}–{b}")
    }
}

fn kind_label(k: UnitKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => k.label_vi(),
        Lang::En => k.as_str(),
    }
}

/// Sets up a sheet: title in row 0, headers in row 1 (frozen, repeated when
/// printed), widths, A4 landscape fitted to the page width.
fn setup(
    ws: &mut Worksheet,
    f: &Formats,
    title: &str,
    cols: &[(&str, f64)],
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, title, &f.title)?;
    for (i, (h, w)) in cols.iter().enumerate() {
        let c = i as ColNum;
        ws.write_string_with_format(1, c, *h, &f.head)?;
        ws.set_column_width(c, *w)?;
    }
    ws.set_row_height(1, 45)?;
    ws.set_freeze_panes(2, 0)?;
    ws.set_repeat_rows(1, 1)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C&P / &N");
    Ok(())
}

/// Lines a text needs in a wrapped column of `width` characters.
fn lines(text: &str, width: f64) -> f64 {
    let per_line = (width * 1.15).max(1.0);
    text.split('\n')
        .map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0))
        .sum()
}

/// Sets the height of rows `first..=last` so that the wrapped texts fit
/// (neither Excel nor LibreOffice fits rows of a generated file on opening).
fn fit_rows(
    ws: &mut Worksheet,
    first: RowNum,
    last: RowNum,
    texts: &[(&str, f64)],
) -> Result<(), XlsxError> {
    let need = texts.iter().map(|(t, w)| lines(t, *w)).fold(1.0, f64::max);
    let rows = f64::from(last - first + 1);
    let per_row = (need / rows).ceil().max(1.0);
    if per_row > 1.0 {
        for r in first..=last {
            ws.set_row_height(r, 15.0 * per_row)?;
        }
    }
    Ok(())
}

fn opt_num(
    ws: &mut Worksheet,
    r: RowNum,
    c: ColNum,
    v: Option<f64>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match v {
        Some(x) if x.is_finite() => ws.write_number_with_format(r, c, x, fmt)?,
        _ => ws.write_blank(r, c, fmt)?,
    };
    Ok(())
}

/// `=IF(AND(ISNUMBER(a),b>0),a/b,"")` with its cached result.
fn ratio(
    ws: &mut Worksheet,
    r: RowNum,
    c: ColNum,
    (a, b): (String, String),
    value: Option<f64>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    let f = Formula::new(format!("=IF(AND(ISNUMBER({a}),{b}>0),{a}/{b},\"\")"))
        .set_result(value.map_or_else(String::new, num));
    ws.write_formula_with_format(r, c, f, fmt)?;
    Ok(())
}

fn formula(
    ws: &mut Worksheet,
    r: RowNum,
    c: ColNum,
    text: String,
    result: String,
    fmt: &Format,
) -> Result<(), XlsxError> {
    ws.write_formula_with_format(r, c, Formula::new(text).set_result(result), fmt)?;
    Ok(())
}

fn status_sheet(wb: &mut Workbook, d: &Dossier, f: &Formats) -> Result<(), XlsxError> {
    let l = d.lang;
    let ws = wb.add_worksheet();
    ws.set_name(l.pick("Hiện trạng", "Current"))?;
    let cols = [
        (l.pick("STT", "No."), 6.0),
        (l.pick("Giai đoạn", "Phase"), 10.0),
        (l.pick("Cấp", "Level"), 8.0),
        (l.pick("Mã", "Code"), 8.0),
        (l.pick("Tên đơn vị hành chính", "Unit"), 24.0),
        (l.pick("Đơn vị cấp trên", "Parent"), 22.0),
        (l.pick("Loại", "Kind"), 10.0),
        (
            l.pick("Diện tích tự nhiên (km²)", "Natural area (km²)"),
            12.0,
        ),
        (l.pick("Quy mô dân số (người)", "Population"), 12.0),
        (l.pick("Tiêu chuẩn áp dụng", "Standard applied"), 28.0),
        (
            l.pick("Tiêu chuẩn diện tích (km²)", "Area standard (km²)"),
            12.0,
        ),
        (
            l.pick("Tiêu chuẩn dân số (người)", "Population standard"),
            12.0,
        ),
        (
            l.pick("Tỷ lệ % diện tích so với tiêu chuẩn", "Area, % of standard"),
            11.0,
        ),
        (
            l.pick(
                "Tỷ lệ % dân số so với tiêu chuẩn",
                "Population, % of standard",
            ),
            11.0,
        ),
        (
            l.pick(
                "Tiêu chí (M) / trường hợp không bắt buộc (E)",
                "Criterion (M) / exemption (E)",
            ),
            12.0,
        ),
        (l.pick("Diện sắp xếp", "Category"), 14.0),
        (l.pick("Mức xác minh số liệu", "Verification tag"), 9.0),
        (l.pick("Giả định", "Assumptions"), 40.0),
    ];
    let title = format!(
        "{} — {}",
        l.pick(
            "Hiện trạng đơn vị hành chính cấp huyện, cấp xã",
            "District- and commune-level units as they are"
        ),
        d.scope_name
    );
    setup(ws, f, &title, &cols)?;
    let mut r: RowNum = 2;
    for (i, s) in d.status.iter().enumerate() {
        ws.write_number_with_format(r, 0, (i + 1) as f64, &f.int)?;
        ws.write_string_with_format(r, 1, phase_label(s.phase), &f.text)?;
        let level = match s.level {
            Level::District => l.pick("huyện", "district"),
            _ => l.pick("xã", "commune"),
        };
        ws.write_string_with_format(r, 2, level, &f.text)?;
        ws.write_string_with_format(r, 3, s.code.as_str(), &f.text)?;
        ws.write_string_with_format(r, 4, &s.name, &f.text)?;
        ws.write_string_with_format(r, 5, &s.parent_name, &f.text)?;
        ws.write_string_with_format(r, 6, kind_label(s.kind, l), &f.text)?;
        opt_num(ws, r, 7, s.area_km2, &f.dec)?;
        opt_num(ws, r, 8, s.population.map(|p| p as f64), &f.int)?;
        ws.write_string_with_format(r, 9, &s.standard, &f.text)?;
        ws.write_number_with_format(r, 10, s.standard_area_km2, &f.dec)?;
        ws.write_number_with_format(r, 11, s.standard_population, &f.int)?;
        let area_pct = s
            .area_km2
            .filter(|_| s.standard_area_km2 > 0.0)
            .map(|a| a / s.standard_area_km2);
        let pop_pct = s
            .population
            .filter(|_| s.standard_population > 0.0)
            .map(|p| p as f64 / s.standard_population);
        ratio(ws, r, 12, (cell(r, 7), cell(r, 10)), area_pct, &f.pct)?;
        ratio(ws, r, 13, (cell(r, 8), cell(r, 11)), pop_pct, &f.pct)?;
        ws.write_string_with_format(r, 14, s.rule.as_deref().unwrap_or(""), &f.text)?;
        ws.write_string_with_format(r, 15, s.category.label(l), &f.text)?;
        ws.write_string_with_format(r, 16, &s.tag, &f.text)?;
        ws.write_string_with_format(r, 17, &s.assumptions, &f.text)?;
        fit_rows(
            ws,
            r,
            r,
            &[
                (&s.name, cols[4].1),
                (&s.parent_name, cols[5].1),
                (&s.standard, cols[9].1),
                (&s.assumptions, cols[17].1),
            ],
        )?;
        r += 1;
    }
    ws.autofilter(1, 0, r.saturating_sub(1).max(1), (cols.len() - 1) as ColNum)?;
    Ok(())
}

fn member_category(m: &MemberEntry, l: Lang) -> String {
    match (&m.rule, m.target) {
        (Some(r), _) => format!("{} ({r})", Category::Mandatory.label(l)),
        (None, true) => Category::Encouraged.label(l).to_string(),
        (None, false) => Category::Adjacent.label(l).to_string(),
    }
}

fn plan_sheet(wb: &mut Workbook, d: &Dossier, f: &Formats) -> Result<(), XlsxError> {
    let l = d.lang;
    let ws = wb.add_worksheet();
    ws.set_name(l.pick("Phương án", "Plan"))?;
    let cols = [
        (l.pick("STT", "No."), 6.0),
        (l.pick("Giai đoạn", "Phase"), 10.0),
        (l.pick("Năm thực hiện", "Year"), 8.0),
        (l.pick("Đơn vị cấp trên", "Parent"), 20.0),
        (l.pick("Đơn vị hành chính sắp xếp", "Unit merged"), 22.0),
        (l.pick("Loại", "Kind"), 9.0),
        (
            l.pick("Diện tích tự nhiên (km²)", "Natural area (km²)"),
            11.0,
        ),
        (l.pick("Quy mô dân số (người)", "Population"), 11.0),
        (l.pick("Diện sắp xếp", "Category"), 14.0),
        (
            l.pick("Tên đơn vị hành chính sau sắp xếp", "New unit"),
            22.0,
        ),
        (l.pick("Loại", "Kind"), 9.0),
        (
            l.pick("Diện tích tự nhiên sau sắp xếp (km²)", "Area after (km²)"),
            11.0,
        ),
        (
            l.pick("Quy mô dân số sau sắp xếp (người)", "Population after"),
            11.0,
        ),
        (
            l.pick("Tiêu chuẩn diện tích (km²)", "Area standard (km²)"),
            11.0,
        ),
        (
            l.pick("Tiêu chuẩn dân số (người)", "Population standard"),
            11.0,
        ),
        (
            l.pick("Tỷ lệ % diện tích so với tiêu chuẩn", "Area, % of standard"),
            10.0,
        ),
        (
            l.pick(
                "Tỷ lệ % dân số so với tiêu chuẩn",
                "Population, % of standard",
            ),
            10.0,
        ),
        (
            l.pick("Kết quả so với tiêu chuẩn", "Against the standard"),
            10.0,
        ),
        (
            l.pick("Lý do chọn đơn vị sắp xếp", "Why these partners"),
            40.0,
        ),
        (l.pick("Đổi tên", "Renamed"), 20.0),
        (
            l.pick(
                "Mức kiểm chứng của tiêu chuẩn ([V]/[S]/[U])",
                "Standard's tag ([V]/[S]/[U])",
            ),
            12.0,
        ),
    ];
    let title = format!(
        "{} — {}",
        l.pick(
            "Phương án sắp xếp đơn vị hành chính",
            "Arrangement of administrative units"
        ),
        d.scope_name
    );
    setup(ws, f, &title, &cols)?;
    let (yes, no) = (l.pick("Đạt", "Meets"), l.pick("Chưa đạt", "Below"));
    let mut r: RowNum = 2;
    let mut totals_rows = Vec::new();
    for (i, m) in d.merges.iter().enumerate() {
        let first = r;
        let last = r + m.members.len().max(1) as RowNum - 1;
        for u in &m.members {
            ws.write_string_with_format(r, 4, &u.name, &f.text)?;
            ws.write_string_with_format(r, 5, kind_label(u.kind, l), &f.text)?;
            opt_num(ws, r, 6, u.area_km2, &f.dec)?;
            opt_num(ws, r, 7, u.population.map(|p| p as f64), &f.int)?;
            ws.write_string_with_format(r, 8, member_category(u, l), &f.text)?;
            r += 1;
        }
        let span = |ws: &mut Worksheet, c: ColNum, fmt: &Format| -> Result<(), XlsxError> {
            if last > first {
                ws.merge_range(first, c, last, c, "", fmt)?;
            }
            Ok(())
        };
        for (c, fmt) in [
            (0, &f.int),
            (1, &f.text),
            (2, &f.text),
            (3, &f.text),
            (9, &f.text),
            (10, &f.text),
            (11, &f.dec),
            (12, &f.int),
            (13, &f.dec),
            (14, &f.int),
            (15, &f.pct),
            (16, &f.pct),
            (17, &f.text),
            (18, &f.text),
            (19, &f.text),
            (20, &f.text),
        ] {
            span(ws, c, fmt)?;
        }
        ws.write_number_with_format(first, 0, (i + 1) as f64, &f.int)?;
        ws.write_string_with_format(first, 1, phase_label(m.phase), &f.text)?;
        match m.year {
            Some(y) => ws.write_number_with_format(first, 2, f64::from(y), &f.text)?,
            None => ws.write_blank(first, 2, &f.text)?,
        };
        ws.write_string_with_format(first, 3, &m.parent_name, &f.text)?;
        ws.write_string_with_format(first, 9, &m.new_name, &f.text)?;
        ws.write_string_with_format(first, 10, kind_label(m.new_kind, l), &f.text)?;
        formula(
            ws,
            first,
            11,
            format!("=SUM({}:{})", cell(first, 6), cell(last, 6)),
            m.area_km2.map_or_else(String::new, num),
            &f.dec,
        )?;
        formula(
            ws,
            first,
            12,
            format!("=SUM({}:{})", cell(first, 7), cell(last, 7)),
            m.population.map_or_else(String::new, |p| p.to_string()),
            &f.int,
        )?;
        ws.write_number_with_format(first, 13, m.standard_area_km2, &f.dec)?;
        ws.write_number_with_format(first, 14, m.standard_population, &f.int)?;
        let ap = m
            .area_km2
            .filter(|_| m.standard_area_km2 > 0.0)
            .map(|a| a / m.standard_area_km2);
        let pp = m
            .population
            .filter(|_| m.standard_population > 0.0)
            .map(|p| p as f64 / m.standard_population);
        ratio(
            ws,
            first,
            15,
            (cell(first, 11), cell(first, 13)),
            ap,
            &f.pct,
        )?;
        ratio(
            ws,
            first,
            16,
            (cell(first, 12), cell(first, 14)),
            pp,
            &f.pct,
        )?;
        formula(
            ws,
            first,
            17,
            format!(
                "=IF(AND(N({p})>=1,N({q})>=1),\"{yes}\",\"{no}\")",
                p = cell(first, 15),
                q = cell(first, 16)
            ),
            if m.meets_standard { yes } else { no }.to_string(),
            &f.text,
        )?;
        ws.write_string_with_format(first, 18, &m.reason, &f.text)?;
        ws.write_string_with_format(first, 19, m.renamed.as_deref().unwrap_or(""), &f.text)?;
        match m.standard_tag {
            Some(t) => {
                ws.write_string_with_format(first, 20, format!("[{}]", t.as_str()), &f.text)?
            }
            None => ws.write_blank(first, 20, &f.text)?,
        };
        fit_rows(
            ws,
            first,
            last,
            &[
                (&m.reason, cols[18].1),
                (&m.new_name, cols[9].1),
                (m.renamed.as_deref().unwrap_or(""), cols[19].1),
            ],
        )?;
        totals_rows.push((first, last));
    }
    let data_last = r.saturating_sub(1).max(1);
    ws.autofilter(1, 0, data_last, (cols.len() - 1) as ColNum)?;
    // Totals.
    ws.write_string_with_format(r, 4, l.pick("Tổng cộng", "Total"), &f.bold)?;
    let sum_members = |get: &dyn Fn(&MemberEntry) -> Option<f64>| -> f64 {
        d.merges
            .iter()
            .flat_map(|m| &m.members)
            .filter_map(get)
            .sum()
    };
    let a_sum = sum_members(&|u| u.area_km2);
    let p_sum = sum_members(&|u| u.population.map(|p| p as f64));
    let new_a: f64 = d.merges.iter().filter_map(|m| m.area_km2).sum();
    let new_p: f64 = d
        .merges
        .iter()
        .filter_map(|m| m.population)
        .map(|p| p as f64)
        .sum();
    for (c, v, fmt) in [
        (6, a_sum, &f.bold_dec),
        (7, p_sum, &f.bold_int),
        (11, new_a, &f.bold_dec),
        (12, new_p, &f.bold_int),
    ] {
        let text = if r > 2 {
            format!("=SUM({}:{})", cell(2, c), cell(r - 1, c))
        } else {
            "=0".to_string()
        };
        formula(ws, r, c, text, num(v), fmt)?;
    }
    r += 2;
    conversions_table(ws, d, f, r)
}

fn conversions_table(
    ws: &mut Worksheet,
    d: &Dossier,
    f: &Formats,
    mut r: RowNum,
) -> Result<(), XlsxError> {
    let l = d.lang;
    ws.write_string_with_format(
        r,
        0,
        l.pick("Chuyển đổi loại đơn vị hành chính", "Conversions of kind"),
        &f.title,
    )?;
    r += 1;
    let head = [
        l.pick("STT", "No."),
        l.pick("Giai đoạn", "Phase"),
        l.pick("Mã", "Code"),
        l.pick("Đơn vị cấp trên", "Parent"),
        l.pick("Đơn vị hành chính hiện tại", "Unit"),
        l.pick("Loại hiện tại", "Kind before"),
        l.pick("Diện tích tự nhiên (km²)", "Natural area (km²)"),
        l.pick("Quy mô dân số (người)", "Population"),
        l.pick("Loại sau chuyển đổi", "Kind after"),
        l.pick("Tên sau chuyển đổi", "Name after"),
        l.pick("Kết quả so với tiêu chuẩn", "Against the standard"),
        l.pick("Lý do", "Reason"),
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(r, c as ColNum, *h, &f.head)?;
    }
    r += 1;
    if d.conversions.is_empty() {
        ws.write_string_with_format(r, 0, l.pick("Không có", "None"), &f.text)?;
        return Ok(());
    }
    for (i, c) in d.conversions.iter().enumerate() {
        ws.write_number_with_format(r, 0, (i + 1) as f64, &f.int)?;
        ws.write_string_with_format(r, 1, phase_label(c.phase), &f.text)?;
        ws.write_string_with_format(r, 2, c.code.as_str(), &f.text)?;
        ws.write_string_with_format(r, 3, &c.parent_name, &f.text)?;
        ws.write_string_with_format(r, 4, &c.name, &f.text)?;
        ws.write_string_with_format(r, 5, kind_label(c.kind_before, l), &f.text)?;
        opt_num(ws, r, 6, c.area_km2, &f.dec)?;
        opt_num(ws, r, 7, c.population.map(|p| p as f64), &f.int)?;
        ws.write_string_with_format(r, 8, kind_label(c.kind_after, l), &f.text)?;
        ws.write_string_with_format(r, 9, &c.name_after, &f.text)?;
        // A rename (same kind) is not judged against a standard.
        let v = if c.kind_before == c.kind_after {
            "–"
        } else if c.meets_standard {
            l.pick("Đạt", "Meets")
        } else {
            l.pick("Chưa đạt", "Below")
        };
        ws.write_string_with_format(r, 10, v, &f.text)?;
        ws.write_string_with_format(r, 11, &c.reason, &f.text)?;
        r += 1;
    }
    Ok(())
}

/// One table of counts by kind (communes per district, or districts per
/// province), with a subtotal per phase; returns the next free row.
fn counts_table(
    ws: &mut Worksheet,
    d: &Dossier,
    f: &Formats,
    level: Level,
    mut r: RowNum,
    with_filter: bool,
) -> Result<RowNum, XlsxError> {
    let l = d.lang;
    let kinds = kinds_of(level);
    let k = kinds.len() as ColNum;
    let parent = match level {
        Level::District => l.pick("Tỉnh", "Province"),
        _ => l.pick("Đơn vị hành chính cấp huyện", "District"),
    };
    let mut head = vec![l.pick("Giai đoạn", "Phase").to_string(), parent.to_string()];
    for when in [l.pick("trước", "before"), l.pick("sau", "after")] {
        for kind in kinds {
            head.push(format!("{} {when}", kind_label(*kind, l)));
        }
        head.push(format!("{} {when}", l.pick("Tổng", "Total")));
    }
    head.push(l.pick("Số đơn vị giảm", "Units reduced").to_string());
    let head_row = r;
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(r, c as ColNum, h, &f.head)?;
    }
    r += 1;
    let total_before = 2 + k;
    let total_after = 2 + 2 * k + 1;
    let mut phases: Vec<Phase> = d.counts.iter().map(|c| c.phase).collect();
    phases.dedup();
    for phase in phases {
        let first = r;
        for row in d
            .counts
            .iter()
            .filter(|c| c.phase == phase && c.level == level)
        {
            ws.write_string_with_format(r, 0, phase_label(phase), &f.text)?;
            ws.write_string_with_format(r, 1, &row.parent_name, &f.text)?;
            for (i, (b, a)) in row.before.iter().zip(&row.after).enumerate() {
                ws.write_number_with_format(r, 2 + i as ColNum, f64::from(*b), &f.int)?;
                ws.write_number_with_format(r, 3 + k + i as ColNum, f64::from(*a), &f.int)?;
            }
            let (tb, ta): (u32, u32) = (row.before.iter().sum(), row.after.iter().sum());
            formula(
                ws,
                r,
                total_before,
                format!("=SUM({}:{})", cell(r, 2), cell(r, 1 + k)),
                tb.to_string(),
                &f.int,
            )?;
            formula(
                ws,
                r,
                total_after,
                format!("=SUM({}:{})", cell(r, 3 + k), cell(r, 2 + 2 * k)),
                ta.to_string(),
                &f.int,
            )?;
            formula(
                ws,
                r,
                total_after + 1,
                format!("={}-{}", cell(r, total_before), cell(r, total_after)),
                (i64::from(tb) - i64::from(ta)).to_string(),
                &f.int,
            )?;
            r += 1;
        }
        // Subtotal of the phase.
        ws.write_string_with_format(r, 0, phase_label(phase), &f.bold)?;
        ws.write_string_with_format(r, 1, l.pick("Cộng", "Subtotal"), &f.bold)?;
        let rows: Vec<_> = d
            .counts
            .iter()
            .filter(|c| c.phase == phase && c.level == level)
            .collect();
        for c in 2..=(total_after + 1) {
            let v: i64 = rows
                .iter()
                .map(|row| {
                    let (tb, ta) = (
                        i64::from(row.before.iter().sum::<u32>()),
                        i64::from(row.after.iter().sum::<u32>()),
                    );
                    let c = usize::from(c);
                    let k = usize::from(k);
                    if c < 2 + k {
                        i64::from(row.before[c - 2])
                    } else if c == 2 + k {
                        tb
                    } else if c < 3 + 2 * k {
                        i64::from(row.after[c - 3 - k])
                    } else if c == 3 + 2 * k {
                        ta
                    } else {
                        tb - ta
                    }
                })
                .sum();
            let text = if r > first {
                format!("=SUM({}:{})", cell(first, c), cell(r - 1, c))
            } else {
                "=0".into()
            };
            formula(ws, r, c, text, v.to_string(), &f.bold_int)?;
        }
        r += 1;
    }
    if with_filter {
        ws.autofilter(
            head_row,
            0,
            r.saturating_sub(1).max(head_row + 1),
            total_after + 1,
        )?;
    }
    Ok(r)
}

fn after_sheet(wb: &mut Workbook, d: &Dossier, f: &Formats) -> Result<(), XlsxError> {
    let l = d.lang;
    let ws = wb.add_worksheet();
    ws.set_name(l.pick("Sau sắp xếp", "After"))?;
    let title = format!(
        "{} — {}",
        l.pick(
            "Số đơn vị hành chính cấp xã trước và sau sắp xếp",
            "Communes before and after the arrangement"
        ),
        d.scope_name
    );
    ws.write_string_with_format(0, 0, &title, &f.title)?;
    ws.set_column_width(0, 10)?;
    ws.set_column_width(1, 26)?;
    for c in 2..14 {
        ws.set_column_width(c, 10)?;
    }
    ws.set_row_height(1, 30)?;
    ws.set_freeze_panes(2, 0)?;
    ws.set_repeat_rows(1, 1)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    let r = counts_table(ws, d, f, Level::Commune, 1, true)?;
    ws.write_string_with_format(
        r + 1,
        0,
        l.pick(
            "Số đơn vị hành chính cấp huyện trước và sau sắp xếp",
            "Districts before and after the arrangement",
        ),
        &f.title,
    )?;
    counts_table(ws, d, f, Level::District, r + 2, false)?;
    Ok(())
}

fn schedule_sheet(wb: &mut Workbook, d: &Dossier, f: &Formats) -> Result<(), XlsxError> {
    let l = d.lang;
    let ws = wb.add_worksheet();
    ws.set_name(l.pick("Lộ trình", "Schedule"))?;
    let cols = [
        (l.pick("Năm", "Year"), 8.0),
        (l.pick("Số cuộc sắp xếp cấp huyện", "District merges"), 12.0),
        (l.pick("Số cuộc sắp xếp cấp xã", "Commune merges"), 12.0),
        (l.pick("Số ĐVHC cấp huyện giảm", "Districts reduced"), 12.0),
        (l.pick("Số ĐVHC cấp xã giảm", "Communes reduced"), 12.0),
        (
            l.pick(
                "Dân số có đơn vị hành chính thay đổi (người)",
                "People whose unit changes",
            ),
            16.0,
        ),
        (
            l.pick(
                "Cán bộ, công chức dôi dư còn lại cuối năm",
                "Surplus cadres left at year end",
            ),
            16.0,
        ),
        (
            l.pick(
                "Người hoạt động không chuyên trách dôi dư còn lại cuối năm",
                "Surplus part-time workers left at year end",
            ),
            18.0,
        ),
    ];
    let title = format!(
        "{} — {}",
        l.pick("Lộ trình thực hiện theo năm", "Schedule by year"),
        d.scope_name
    );
    setup(ws, f, &title, &cols)?;
    let mut r: RowNum = 2;
    for y in &d.years {
        ws.write_number_with_format(r, 0, f64::from(y.year), &f.text)?;
        for (c, v) in [
            (1, f64::from(y.district_merges)),
            (2, f64::from(y.commune_merges)),
            (3, f64::from(y.districts_reduced)),
            (4, f64::from(y.communes_reduced)),
            (5, y.people_affected as f64),
            (6, f64::from(y.surplus_cadres)),
            (7, f64::from(y.surplus_part_time)),
        ] {
            ws.write_number_with_format(r, c, v, &f.int)?;
        }
        r += 1;
    }
    ws.autofilter(1, 0, r.saturating_sub(1).max(1), 7)?;
    ws.write_string_with_format(r, 0, l.pick("Tổng", "Total"), &f.bold)?;
    let sums = [
        d.years
            .iter()
            .map(|y| u64::from(y.district_merges))
            .sum::<u64>(),
        d.years.iter().map(|y| u64::from(y.commune_merges)).sum(),
        d.years.iter().map(|y| u64::from(y.districts_reduced)).sum(),
        d.years.iter().map(|y| u64::from(y.communes_reduced)).sum(),
        d.years.iter().map(|y| y.people_affected).sum(),
    ];
    for (i, v) in sums.iter().enumerate() {
        let c = (i + 1) as ColNum;
        let text = if r > 2 {
            format!("=SUM({}:{})", cell(2, c), cell(r - 1, c))
        } else {
            "=0".into()
        };
        formula(ws, r, c, text, v.to_string(), &f.bold_int)?;
    }
    Ok(())
}

fn staffing_sheet(wb: &mut Workbook, d: &Dossier, f: &Formats) -> Result<(), XlsxError> {
    let l = d.lang;
    let ws = wb.add_worksheet();
    ws.set_name(l.pick("Cán bộ", "Staffing"))?;
    let cols = [
        (l.pick("STT", "No."), 6.0),
        (l.pick("Đơn vị hành chính sau sắp xếp", "New unit"), 24.0),
        (l.pick("Đơn vị cấp trên", "Parent"), 20.0),
        (l.pick("Năm sắp xếp", "Year"), 8.0),
        (
            l.pick(
                "Cán bộ, công chức theo định mức trước sắp xếp",
                "Cadre quota before the merge",
            ),
            12.0,
        ),
        (
            l.pick(
                "Định biên cán bộ, công chức (NĐ 33/2023)",
                "Quota (Decree 33/2023)",
            ),
            13.0,
        ),
        (l.pick("Cán bộ, công chức dôi dư", "Surplus"), 11.0),
        (
            l.pick(
                "Người hoạt động không chuyên trách theo định mức trước sắp xếp",
                "Part-time quota before the merge",
            ),
            13.0,
        ),
        (
            l.pick("Định biên người hoạt động không chuyên trách", "Quota"),
            13.0,
        ),
        (
            l.pick("Người hoạt động không chuyên trách dôi dư", "Surplus"),
            12.0,
        ),
        (
            l.pick("Thời hạn giải quyết dôi dư", "Surplus resolved by"),
            11.0,
        ),
    ];
    let title = format!(
        "{} — {}",
        l.pick(
            "Cán bộ, công chức và người hoạt động không chuyên trách cấp xã dôi dư",
            "Commune staff and their surplus"
        ),
        d.scope_name
    );
    setup(ws, f, &title, &cols)?;
    let mut r: RowNum = 2;
    for (i, s) in d.staffing.iter().enumerate() {
        ws.write_number_with_format(r, 0, (i + 1) as f64, &f.int)?;
        ws.write_string_with_format(r, 1, &s.unit, &f.text)?;
        ws.write_string_with_format(r, 2, &s.parent_name, &f.text)?;
        ws.write_number_with_format(r, 3, f64::from(s.year), &f.text)?;
        ws.write_number_with_format(r, 4, f64::from(s.cadres_before), &f.int)?;
        ws.write_number_with_format(r, 5, f64::from(s.cadres_quota), &f.int)?;
        formula(
            ws,
            r,
            6,
            format!("=MAX(0,{}-{})", cell(r, 4), cell(r, 5)),
            s.cadres_before.saturating_sub(s.cadres_quota).to_string(),
            &f.int,
        )?;
        ws.write_number_with_format(r, 7, f64::from(s.part_time_before), &f.int)?;
        ws.write_number_with_format(r, 8, f64::from(s.part_time_quota), &f.int)?;
        formula(
            ws,
            r,
            9,
            format!("=MAX(0,{}-{})", cell(r, 7), cell(r, 8)),
            s.part_time_before
                .saturating_sub(s.part_time_quota)
                .to_string(),
            &f.int,
        )?;
        ws.write_number_with_format(r, 10, f64::from(s.deadline_year), &f.text)?;
        r += 1;
    }
    ws.autofilter(1, 0, r.saturating_sub(1).max(1), 10)?;
    ws.write_string_with_format(r, 1, l.pick("Tổng cộng", "Total"), &f.bold)?;
    let st = &d.staffing;
    let sums: [u64; 6] = [
        st.iter().map(|s| u64::from(s.cadres_before)).sum(),
        st.iter().map(|s| u64::from(s.cadres_quota)).sum(),
        st.iter()
            .map(|s| u64::from(s.cadres_before.saturating_sub(s.cadres_quota)))
            .sum(),
        st.iter().map(|s| u64::from(s.part_time_before)).sum(),
        st.iter().map(|s| u64::from(s.part_time_quota)).sum(),
        st.iter()
            .map(|s| u64::from(s.part_time_before.saturating_sub(s.part_time_quota)))
            .sum(),
    ];
    for (i, v) in sums.iter().enumerate() {
        let c = (i + 4) as ColNum;
        let text = if r > 2 {
            format!("=SUM({}:{})", cell(2, c), cell(r - 1, c))
        } else {
            "=0".into()
        };
        formula(ws, r, c, text, v.to_string(), &f.bold_int)?;
    }
    Ok(())
}

/// Renders the workbook of `d`: sheets "Hiện trạng", "Phương án", "Sau sắp
/// xếp", and "Lộ trình" and "Cán bộ" when the plan is scheduled and staffed.
///
/// # Errors
/// [`XlsxError`] from the writer (e.g. a sheet beyond Excel's row limit).
///
/// # Complexity
/// O(cells).
pub fn render(d: &Dossier) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    // A fixed creation date (NQ 35/2023's): the same input gives the same bytes.
    let created = ExcelDateTime::from_ymd(2023, 7, 12)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(d.lang.pick(
                "Phụ lục đề án sắp xếp đơn vị hành chính",
                "Annex tables of the arrangement proposal",
            ))
            .set_author("reorg")
            .set_creation_datetime(&created),
    );
    status_sheet(&mut wb, d, &f)?;
    plan_sheet(&mut wb, d, &f)?;
    after_sheet(&mut wb, d, &f)?;
    if !d.years.is_empty() {
        schedule_sheet(&mut wb, d, &f)?;
    }
    if !d.staffing.is_empty() {
        staffing_sheet(&mut wb, d, &f)?;
    }
    // Compression level 3 instead of the writer's 6: deflating is a large
    // share of writing the national workbook (half a million cells); the
    // file is a little larger.
    wb.set_zip_compression_level(3);
    wb.save_to_buffer()
}

//! Charts render in SVG and PNG, with Vietnamese text from the embedded
//! font, deterministically.

use crate::charts_common as common;
use reorg::charts::{Chart, ChartError};
use reorg::geo::{GeoJsonError, ProvinceGeometry};
use reorg::lang::Lang;

fn svg_ok(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG is not well-formed XML: {e}"))
}

fn svg_text(doc: &roxmltree::Document<'_>) -> String {
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes a PNG and checks that the title band is not blank: the font
/// really drew glyphs (ab_glyph with the embedded font, no system fonts).
fn png_ok(png: &[u8], size: (u32, u32)) -> image::RgbImage {
    let img = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .unwrap()
        .to_rgb8();
    assert_eq!(img.dimensions(), size);
    let inked = (0..img.width())
        .flat_map(|x| (0..44).map(move |y| (x, y)))
        .filter(|(x, y)| img.get_pixel(*x, *y).0 != [255, 255, 255])
        .count();
    assert!(inked > 500, "title band has only {inked} non-white pixels");
    img
}

fn check(chart: Chart<'_>, name: &str, vi_labels: &[&str], en_labels: &[&str]) {
    for (lang, labels) in [(Lang::Vi, vi_labels), (Lang::En, en_labels)] {
        let svg = chart.svg(lang).unwrap();
        let doc = svg_ok(&svg);
        let text = svg_text(&doc);
        for l in labels {
            assert!(text.contains(l), "{name} ({lang}): missing label {l:?}");
        }
        let png = chart.png(lang).unwrap();
        png_ok(&png, chart.size(lang));
        common::maybe_save(&format!("{name}_{lang}.svg"), svg.as_bytes());
        common::maybe_save(&format!("{name}_{lang}.png"), &png);
    }
}

#[test]
fn quadrant_has_vietnamese_axes_thresholds_and_legend() {
    let data = common::quadrant();
    check(
        Chart::Quadrant(&data),
        "quadrant",
        &[
            "Diện tích (% tiêu chuẩn)",
            "Dân số (% tiêu chuẩn)",
            "Thuộc diện sắp xếp",
            "Đạt tiêu chuẩn",
            "70% M1",
            "300% M3",
        ],
        &[
            "Area (% of standard)",
            "Population (% of standard)",
            "Must be arranged",
        ],
    );
}

#[test]
fn quadrant_counts_units_without_data() {
    let mut data = common::quadrant();
    data.points[0].area_pct = f64::NAN;
    data.points[1].population_pct = 0.0;
    let svg = Chart::Quadrant(&data).svg(Lang::Vi).unwrap();
    assert!(svg.contains("2 đơn vị thiếu số liệu"), "footnote missing");
}

#[test]
fn bar_charts_render_in_both_languages() {
    let d = common::district_counts();
    check(
        Chart::DistrictCounts(&d),
        "units_per_district",
        &[
            "Huyện Vĩnh Tường",
            "Trước sắp xếp",
            "Sau giai đoạn 2023–2025",
        ],
        &["Before", "After 2023–2025"],
    );
    let m = common::merges_per_year();
    check(
        Chart::MergesPerYear(&m),
        "merges_per_year",
        &["2024", "2025", "Năm"],
        &["Year"],
    );
    let s = common::surplus();
    check(
        Chart::Surplus(&s),
        "staff_surplus",
        &[
            "Cán bộ, công chức cấp xã",
            "Người hoạt động không chuyên trách",
            "380",
        ],
        &["Part-time workers"],
    );
}

#[test]
fn map_of_vinh_phuc_has_group_names_and_legend() {
    let g = common::geometry();
    assert_eq!(g.features.len(), 136);
    let data = common::map_data();
    assert!(!data.groups.is_empty());
    let first = data.groups[0].name.clone();
    check(
        Chart::Map(&g, &data),
        "map",
        &[
            first.as_str(),
            "Không bắt buộc sắp xếp",
            "Ranh giới cấp huyện",
        ],
        &["Exempt", "District boundary"],
    );
}

#[test]
fn empty_inputs_draw_a_no_data_message() {
    let mut q = common::quadrant();
    q.points.clear();
    assert!(
        Chart::Quadrant(&q)
            .svg(Lang::Vi)
            .unwrap()
            .contains("Không có dữ liệu")
    );
    let mut s = common::surplus();
    s.years.clear();
    assert!(
        Chart::Surplus(&s)
            .svg(Lang::En)
            .unwrap()
            .contains("No data")
    );
    png_ok(
        &Chart::Surplus(&s).png(Lang::Vi).unwrap(),
        Chart::Surplus(&s).size(Lang::Vi),
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let q = common::quadrant();
    let g = common::geometry();
    let m = common::map_data();
    for chart in [Chart::Quadrant(&q), Chart::Map(&g, &m)] {
        assert_eq!(chart.svg(Lang::Vi).unwrap(), chart.svg(Lang::Vi).unwrap());
        assert_eq!(chart.png(Lang::Vi).unwrap(), chart.png(Lang::Vi).unwrap());
    }
    // Input order of points does not change the output.
    let mut r = q.clone();
    r.points.reverse();
    assert_eq!(
        Chart::Quadrant(&q).svg(Lang::Vi).unwrap(),
        Chart::Quadrant(&r).svg(Lang::Vi).unwrap()
    );
}

#[test]
fn write_puts_both_files_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let s = common::surplus();
    let files = Chart::Surplus(&s)
        .write(dir.path(), "staff_surplus", Lang::Vi)
        .unwrap();
    assert!(
        std::fs::read_to_string(&files.svg)
            .unwrap()
            .contains("<svg")
    );
    png_ok(
        &std::fs::read(&files.png).unwrap(),
        Chart::Surplus(&s).size(Lang::Vi),
    );
}

#[test]
fn bad_geojson_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.geojson");
    std::fs::write(&p, r#"{"type":"FeatureCollection","features":{}}"#).unwrap();
    let e = ProvinceGeometry::load(&p).unwrap_err();
    assert!(matches!(e, GeoJsonError::Shape { .. }));
    let msg = ChartError::from(e).to_string();
    assert!(
        msg.contains("bad.geojson") && msg.contains("/features"),
        "{msg}"
    );
    let missing = ProvinceGeometry::load(&dir.path().join("none.geojson")).unwrap_err();
    assert!(matches!(missing, GeoJsonError::Io { .. }));
}

#[test]
fn map_groups_may_be_given_by_district_code() {
    use reorg::charts::{MapData, MapGroup};
    use reorg::model::UnitCode;
    let g = common::geometry();
    let data = MapData {
        subtitle: String::new(),
        groups: vec![MapGroup {
            name: "Thành phố Vĩnh Phúc".into(),
            members: vec![UnitCode("243".into()), UnitCode("244".into())],
            class: 0,
            district: String::new(),
        }],
        exempt: vec![UnitCode("248".into())],
        ..MapData::default()
    };
    let chart = Chart::Map(&g, &data);
    let svg = chart.svg(Lang::Vi).unwrap();
    let doc = svg_ok(&svg);
    assert!(svg_text(&doc).contains("Thành phố Vĩnh Phúc"));
    // The first map fill colour is used for the two cities' communes.
    let fills = svg.matches("fill=\"#8DD3C7\"").count();
    let communes = g
        .features
        .iter()
        .filter(|f| f.district_code == "243" || f.district_code == "244")
        .count();
    assert!(fills > communes, "{fills} fills for {communes} communes");
    let plain = Chart::Map(&g, &MapData::default()).svg(Lang::Vi).unwrap();
    assert!(
        svg.len() > plain.len(),
        "hatching of the exempt district adds lines"
    );
}

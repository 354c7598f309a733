//! The map outputs of `reorg regionalize`: `--geojson` (one dissolved
//! polygon per region) and `--map` (the province map chart, SVG and PNG).
//! Everything is rendered in memory; the caller writes the files only once
//! the plan is valid and every output is ready.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use reorg::charts::{Chart, MapData, MapGroup};
use reorg::geo::{ProvinceGeometry, load_geometry};
use reorg::lang::{Lang, fmt_dec, fmt_int};
use reorg::model::{Dataset, Level, UnitCode};
use reorg::regionalize::regions_geojson;
use reorg::regionalize::{DatasetProblem, Plan, RuleStandard, Standard, ordered_regions};
use reorg::scenario::Within;

use super::RegionalizeArgs;

/// The polygons the requested outputs need, loaded before solving so that a
/// dataset without them fails fast: every province's for `--geojson` (only
/// `--province`'s when given), the province's own for `--map`.
///
/// # Errors
/// When the dataset has no polygon files (naming the folder or file), or
/// one cannot be read.
pub(super) fn load(args: &RegionalizeArgs, dir: &Path) -> anyhow::Result<Vec<ProvinceGeometry>> {
    if args.geojson.is_none() && args.map.is_none() && args.map_dir.is_none() {
        return Ok(Vec::new());
    }
    let province = args.province.as_deref().map(UnitCode::from);
    let geometry = load_geometry(dir, province.as_ref())?;
    if geometry.is_empty() {
        let folder = dir.join("geometry");
        let wanted = match &province {
            Some(p) => folder.join(format!("{p}.geojson")).display().to_string(),
            None => format!("{}/*.geojson", folder.display()),
        };
        anyhow::bail!(
            "{}: no polygon file ({wanted} not found); --geojson, --map and --map-dir need \
             the dataset's polygons in {}",
            dir.display(),
            folder.display()
        );
    }
    Ok(geometry)
}

/// One output file, rendered.
pub(super) struct Rendered {
    /// Where it goes.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Renders the `--geojson` and `--map` files of a valid plan. Units without
/// a polygon are reported on stderr (they still are features, with a
/// `null` or partial geometry).
///
/// # Errors
/// A chart that cannot be drawn.
pub(super) fn render(
    args: &RegionalizeArgs,
    ds: &Dataset,
    dp: &DatasetProblem,
    plan: &Plan,
    standard: &Standard,
    within: Within,
    geometry: &[ProvinceGeometry],
) -> anyhow::Result<Vec<Rendered>> {
    let rules = match standard {
        Standard::Rules(r) => Some(r.as_ref()),
        Standard::Fixed(_) => None,
    };
    let mut out = Vec::new();
    if let Some(path) = &args.geojson {
        let g = regions_geojson(geometry, ds, dp, plan, rules);
        if !g.missing.is_empty() {
            let codes: Vec<String> = g
                .missing
                .iter()
                .flat_map(|m| m.missing_members.iter().map(ToString::to_string))
                .collect();
            super::note(format_args!(
                "{}: {} region(s) drawn without all their units, no polygon for: {}",
                path.display(),
                g.missing.len(),
                codes.join(", ")
            ));
        }
        out.push(Rendered {
            path: path.clone(),
            bytes: g.text.into_bytes(),
        });
    }
    if let Some(stem) = &args.map {
        let lang = args.lang;
        // `requires = "province"` and `load` guarantee the province's file.
        let province = args.province.as_deref().unwrap_or_default();
        let g = geometry
            .first()
            .with_context(|| format!("--map: no polygons for province {province}"))?;
        let data = map_data(ds, dp, plan, standard, within, province, lang);
        push_map(&mut out, g, &data, stem.as_os_str(), lang)?;
    }
    if let Some(dir) = &args.map_dir {
        if within == Within::Country {
            anyhow::bail!(
                "--map-dir draws one map per province: use --within province or district"
            );
        }
        let lang = args.lang;
        for g in geometry {
            // The files are named by province code (`geometry/<code>.geojson`).
            let Some(code) = g.source.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            if ds.get(code).is_none_or(|u| u.level != Level::Province) {
                continue;
            }
            let data = map_data(ds, dp, plan, standard, within, code, lang);
            push_map(&mut out, g, &data, dir.join(code).as_os_str(), lang)?;
        }
    }
    Ok(out)
}

/// Renders the map of `data` on province geometry `g` as `<stem>.svg` and
/// `<stem>.png`.
fn push_map(
    out: &mut Vec<Rendered>,
    g: &ProvinceGeometry,
    data: &MapData,
    stem: &std::ffi::OsStr,
    lang: Lang,
) -> anyhow::Result<()> {
    let chart = Chart::Map(g, data);
    for (ext, bytes) in [
        ("svg", chart.svg(lang)?.into_bytes()),
        ("png", chart.png(lang)?),
    ] {
        let mut p = OsString::from(stem);
        p.push(format!(".{ext}"));
        out.push(Rendered {
            path: PathBuf::from(p),
            bytes,
        });
    }
    Ok(())
}

/// The map of the plan: regions of two or more units as groups named with
/// their proposed names, exempt units hatched, the standard as subtitle.
fn map_data(
    ds: &Dataset,
    dp: &DatasetProblem,
    plan: &Plan,
    standard: &Standard,
    within: Within,
    province: &str,
    lang: Lang,
) -> MapData {
    let rules = match standard {
        Standard::Rules(r) => Some(r.as_ref()),
        Standard::Fixed(_) => None,
    };
    let in_province = |u: &UnitCode| {
        ds.id_of(u)
            .and_then(|id| ds.province_of(id))
            .is_some_and(|p| ds.unit(p).code.as_str() == province)
    };
    let groups = ordered_regions(ds, dp, plan, rules)
        .into_iter()
        .filter(|row| row.members.len() > 1 && row.members.first().is_some_and(in_province))
        .map(|row| MapGroup {
            name: row.name.clone(),
            members: row.members,
            class: 0,
            district: String::new(),
        })
        .collect();
    let mut exempt: Vec<UnitCode> = rules
        .into_iter()
        .flat_map(RuleStandard::exempt)
        .map(|(u, _)| ds.unit(dp.units[u as usize]).code.clone())
        .filter(in_province)
        .collect();
    exempt.sort();
    let standard = match standard {
        Standard::Rules(rs) => rs.rules().name.clone(),
        Standard::Fixed(th) => {
            let num = |x: f64| {
                if x.fract() == 0.0 && x.abs() < 1e15 {
                    fmt_int(x as i64, lang)
                } else {
                    fmt_dec(x, 2, lang)
                }
            };
            format!(
                "{} ≥ {}, {} ≥ {} km²",
                lang.pick("dân số", "population"),
                num(th.pop),
                lang.pick("diện tích", "area"),
                num(th.area),
            )
        }
    };
    let scope = match within {
        Within::District => lang.pick("trong huyện", "within districts"),
        Within::Province | Within::Country => lang.pick("trong tỉnh", "within the province"),
    };
    let name = ds
        .get(province)
        .map_or_else(|| province.to_string(), |u| u.name.clone());
    MapData {
        subtitle: format!("{name} — {standard}, {scope}"),
        groups,
        exempt,
        ..MapData::default()
    }
}

/// The dossier of the regionalization for `--report DIR`: `regions.csv`
/// (with names), `plan.xlsx`, `du-thao-nghi-quyet.docx` in the 2025
/// wording, `summary.md`, `report.html` and `report.json`, and with
/// `--province` the map (`charts/map.svg|png`) when the dataset has polygons.
///
/// # Errors
/// A file that cannot be rendered.
pub(super) fn report(
    args: &RegionalizeArgs,
    dir: &Path,
    ds: &Dataset,
    run: &super::DatasetRun,
    plan: &Plan,
    csv: reorg::io::csv_out::CsvStyle,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let (dp, standard, within) = (&run.dp, &run.standard, run.within);
    use reorg::dossier::{RegionInputs, from_regions};
    use reorg::model::Phase;
    use reorg::report::{
        ChartRef, LegalBasis, LevelCounts, MergeMember, MergeRow, ParentMerges, ReportData,
        render_html, render_markdown,
    };
    let lang = args.lang;
    let rules = match standard {
        Standard::Rules(r) => Some(r.as_ref()),
        Standard::Fixed(_) => None,
    };
    let scope_name = match args.province.as_deref().and_then(|p| ds.get(p)) {
        Some(u) => u.name.clone(),
        None => lang.pick("Toàn quốc", "Whole country").to_string(),
    };
    let d = from_regions(&RegionInputs {
        ds,
        dp,
        plan,
        rules,
        lang,
        scope_name: scope_name.clone(),
    });
    let mut files: Vec<(String, Vec<u8>)> = vec![(
        "regions.csv".into(),
        reorg::regionalize::plan_csv(ds, dp, plan, rules, lang, csv)?,
    )];
    files.extend(reorg::dossier::render(&d)?);
    let mut charts = Vec::new();
    let mut svgs = std::collections::BTreeMap::new();
    if let Some(p) = args.province.as_deref() {
        let geometry = load_geometry(dir, Some(&UnitCode::from(p))).unwrap_or_default();
        if let Some(g) = geometry.first() {
            let data = map_data(ds, dp, plan, standard, within, p, lang);
            let chart = Chart::Map(g, &data);
            let svg = chart.svg(lang)?;
            files.push(("charts/map.png".into(), chart.png(lang)?));
            svgs.insert("charts/map.svg".to_string(), svg.clone());
            files.push(("charts/map.svg".into(), svg.into_bytes()));
            charts.push(ChartRef {
                title: lang
                    .pick(
                        "Bản đồ các đơn vị hành chính cấp xã mới",
                        "Map of the new communes",
                    )
                    .to_string(),
                svg: "charts/map.svg".into(),
                png: "charts/map.png".into(),
            });
        }
    }
    let mut by_province: std::collections::BTreeMap<UnitCode, Vec<MergeRow>> =
        std::collections::BTreeMap::new();
    for m in &d.merges {
        by_province
            .entry(m.province_code.clone())
            .or_default()
            .push(MergeRow {
                phase: m.phase,
                year: m.year.unwrap_or(2025),
                proposed_name: m.new_name.clone(),
                members: m
                    .members
                    .iter()
                    .map(|u| MergeMember {
                        code: u.code.clone(),
                        name: u.name.clone(),
                        area_km2: u.area_km2,
                        population: u.population,
                        mandatory: false,
                    })
                    .collect(),
                area_km2: m.area_km2,
                population: m.population,
                area_pct: (m.standard_area_km2 > 0.0)
                    .then(|| m.area_km2.map(|a| 100.0 * a / m.standard_area_km2))
                    .flatten(),
                population_pct: (m.standard_population > 0.0)
                    .then(|| {
                        m.population
                            .map(|p| 100.0 * p as f64 / m.standard_population)
                    })
                    .flatten(),
                meets_standard: m.meets_standard,
                standard_tag: String::new(),
                name_note: m.renamed.clone(),
            });
    }
    let merged_units: usize = d.merges.iter().map(|m| m.members.len()).sum();
    let before = dp.units.len();
    let counts = vec![LevelCounts {
        level: Level::Commune,
        phase: Phase::Round2025,
        before: before as u32,
        mandatory: 0,
        exempt: rules.map_or(0, |r| r.exempt().count() as u32),
        groups: d.merges.len() as u32,
        merged_units: merged_units as u32,
        after: (before - merged_units + d.merges.len()) as u32,
        unresolved: plan.infeasible().count() as u32,
        people_touched: d
            .merges
            .iter()
            .flat_map(|m| &m.members)
            .filter_map(|u| u.population)
            .sum(),
    }];
    let data = ReportData {
        title: lang
            .pick(
                "Phương án sắp xếp đơn vị hành chính cấp xã năm 2025",
                "Arrangement of commune-level units, 2025",
            )
            .to_string(),
        province: scope_name,
        scenario: "regionalize".into(),
        dataset: dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().to_string()),
        rule_set: rules.map_or_else(String::new, |r| r.rules().name.clone()),
        legal_basis: vec![LegalBasis {
            document: "Nghị quyết 76/2025/UBTVQH15".into(),
            date: "14/04/2025".into(),
            content: lang
                .pick(
                    "Về sắp xếp đơn vị hành chính năm 2025: tiêu chuẩn của đơn vị hành chính cấp xã hình thành sau sắp xếp",
                    "On the 2025 arrangement: standards of the new commune-level units",
                )
                .to_string(),
        }],
        counts,
        merges: by_province
            .into_iter()
            .map(|(code, merges)| ParentMerges {
                parent_name: ds.get(code.as_str()).map_or_else(|| code.to_string(), |u| u.name.clone()),
                parent_code: code,
                level: Level::Commune,
                merges,
            })
            .collect(),
        unresolved: Vec::new(),
        staffing: Vec::new(),
        charts,
        notes: Vec::new(),
        draft: reorg::outputs::draft_text(&d.draft),
        legal_map: Default::default(),
        web_map: None,
        targets: Vec::new(),
        national: false,
        consultation: Default::default(),
        provinces: Vec::new(),
    };
    files.push((
        "summary.md".into(),
        render_markdown(&data, lang).into_bytes(),
    ));
    files.push((
        "report.html".into(),
        render_html(&data, lang, &svgs).into_bytes(),
    ));
    files.push(("report.json".into(), serde_json::to_vec_pretty(&data)?));
    Ok(files)
}

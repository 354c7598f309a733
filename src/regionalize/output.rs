//! The plan as CSV, written atomically.
//!
//! Columns: `region_id,parent_code,members,population,area_km2,meets`:
//! regions sorted by parent code then first member code and numbered from 1;
//! `members` are unit codes joined by `;`; `meets` is `true` when both
//! thresholds are met (`false` only for a component that cannot reach them).
//! Under a rule set three more columns say which standard the region's unit
//! takes: `standard,min_population,min_area_km2` (an exempt unit shows its
//! exemption, e.g. `N5`, and zeros).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{DatasetProblem, Plan, RegionalizeError, RuleStandard};
use crate::model::Dataset;

/// The CSV text of `plan` for the dataset problem `dp`.
///
/// # Complexity
/// O(n log n).
pub fn plan_csv(
    ds: &Dataset,
    dp: &DatasetProblem,
    plan: &Plan,
    rules: Option<&RuleStandard>,
) -> String {
    type Row = (String, Vec<String>, f64, f64, bool, String);
    let mut rows: Vec<Row> = plan
        .regions
        .iter()
        .map(|r| {
            let parent = dp
                .problem
                .parent(r.members[0] as usize)
                .and_then(|k| dp.scopes.get(k as usize))
                .map(|id| ds.unit(*id).code.to_string())
                .unwrap_or_default();
            let mut codes: Vec<String> = r
                .members
                .iter()
                .map(|&u| ds.unit(dp.units[u as usize]).code.to_string())
                .collect();
            codes.sort();
            let standard = rules.map_or_else(String::new, |rs| {
                let st = rs.region_standard(&r.members, r.area);
                format!(",{},{},{}", st.id, st.pop, st.area)
            });
            (parent, codes, r.pop, r.area, r.meets, standard)
        })
        .collect();
    rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let mut out = String::from("region_id,parent_code,members,population,area_km2,meets");
    if rules.is_some() {
        out.push_str(",standard,min_population,min_area_km2");
    }
    out.push('\n');
    for (k, (parent, codes, pop, area, meets, standard)) in rows.iter().enumerate() {
        out.push_str(&format!(
            "{},{},{},{:.0},{:.2},{}{}\n",
            k + 1,
            parent,
            codes.join(";"),
            pop,
            area,
            meets,
            standard
        ));
    }
    out
}

/// Writes `bytes` to a temporary sibling of `path`, syncs, then renames it
/// over `path`, so a reader never sees a half-written file.
///
/// # Errors
/// [`RegionalizeError::Io`]; the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), RegionalizeError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        RegionalizeError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    })
}

//! Target-count mode of `reorg regionalize` (`--count-file FILE`,
//! `--reduce SHARE`): the number of new units of each province, checked
//! against what the province's map allows, then the plan fitted to it
//! ([`reorg::regionalize::fit_counts`]).

use std::collections::BTreeMap;
use std::path::Path;

use reorg::lang::{Lang, Msg};
use reorg::model::{Dataset, UnitId};
use reorg::regionalize::{CountTarget, DatasetProblem, count_range};

use super::RegionalizeArgs;

/// One province of the run and its count.
pub(super) struct ProvinceCount {
    /// Its units (problem indices) and count.
    pub target: CountTarget,
}

/// The count per province asked for by the flags, or `None` without
/// target-count mode. Every province of the run gets one; each is checked
/// against [`count_range`].
///
/// `--reduce s`: count = round(s × units) — the nearest whole number,
/// halves rounded up — and at least 1.
///
/// # Errors
/// A bad file (its path, line and column, and what was expected), a
/// province without a count, a share outside (0, 1], regions that may cross
/// provinces, or a count outside the feasible range (naming the smallest or
/// largest feasible count).
pub(super) fn targets(
    args: &RegionalizeArgs,
    ds: &Dataset,
    dp: &DatasetProblem,
) -> anyhow::Result<Option<Vec<ProvinceCount>>> {
    let lang = args.lang;
    if args.count_file.is_none() && args.reduce.is_none() {
        return Ok(None);
    }
    if !dp.nested || dp.scopes.is_empty() {
        anyhow::bail!(Msg::CountNeedsScope.text(lang).to_string());
    }
    let mut by_province: BTreeMap<UnitId, Vec<u32>> = BTreeMap::new();
    for (i, id) in dp.units.iter().enumerate() {
        if let Some(p) = ds.province_of(*id) {
            by_province.entry(p).or_default().push(i as u32);
        }
    }
    let file = match &args.count_file {
        Some(path) => Some(read(path, ds, lang)?),
        None => None,
    };
    if let Some(share) = args.reduce
        && !(share > 0.0 && share <= 1.0)
    {
        anyhow::bail!(Msg::CountReduceRange.fill(lang, &[("share", &share)]));
    }
    let mut out = Vec::new();
    for (province, units) in by_province {
        let p = ds.unit(province);
        let count = match (&file, args.reduce) {
            (Some(counts), _) => match counts.get(&province) {
                Some(&c) => c,
                None => anyhow::bail!(
                    Msg::CountFileMissing.fill(
                        lang,
                        &[
                            (
                                "path",
                                &args
                                    .count_file
                                    .as_deref()
                                    .unwrap_or(Path::new(""))
                                    .display()
                            ),
                            ("province", &p.name),
                            ("code", &p.code.as_str()),
                        ],
                    )
                ),
            },
            (None, Some(share)) => reduce(share, units.len()),
            (None, None) => return Ok(None),
        };
        let (smallest, largest) = count_range(&dp.problem, &units, dp.nested);
        let named: [(&str, &dyn std::fmt::Display); 6] = [
            ("province", &p.name),
            ("code", &p.code.as_str()),
            ("units", &units.len()),
            ("count", &count),
            ("smallest", &smallest),
            ("largest", &largest),
        ];
        if count < smallest {
            anyhow::bail!(Msg::CountTooSmall.fill(lang, &named));
        }
        if count > largest {
            anyhow::bail!(Msg::CountTooLarge.fill(lang, &named));
        }
        out.push(ProvinceCount {
            target: CountTarget { units, count },
        });
    }
    Ok(Some(out))
}

/// `round(share × units)`, halves up, at least 1.
pub(super) fn reduce(share: f64, units: usize) -> usize {
    // share in (0, 1] and units ≤ MAX_UNITS: the product is exact enough
    // and fits; `round` takes halves away from zero (up, as it is positive).
    ((share * units as f64).round() as usize).max(1)
}

/// Reads `province_code,count` rows (columns are numbered from 1 in errors) (a header line naming those columns is
/// skipped; `,` or `;` separate; empty lines and `#` comments are skipped).
fn read(path: &Path, ds: &Dataset, lang: Lang) -> anyhow::Result<BTreeMap<UnitId, usize>> {
    let bytes = reorg::io::read::read_capped(path, reorg::io::read::MAX_CSV_BYTES)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{}: not valid UTF-8", path.display()))?;
    let mut out: BTreeMap<UnitId, usize> = BTreeMap::new();
    let mut line_of: BTreeMap<UnitId, usize> = BTreeMap::new();
    let entry = |line: usize, column: usize, what: String| {
        anyhow::anyhow!(Msg::CountFileEntry.fill(
            lang,
            &[
                ("path", &path.display()),
                ("line", &line),
                ("column", &column),
                ("what", &what),
            ],
        ))
    };
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_start_matches('\u{feff}').trim();
        if raw.is_empty() || raw.starts_with('#') {
            continue;
        }
        let mut cells = raw
            .split([',', ';'])
            .map(|c| c.trim().trim_matches('"').trim());
        let code = cells.next().unwrap_or("");
        let count = cells.next().unwrap_or("");
        if line == 1 && count.eq_ignore_ascii_case("count") {
            continue;
        }
        let province = ds
            .id_of(&code.into())
            .filter(|id| ds.unit(*id).level == reorg::model::Level::Province)
            .ok_or_else(|| {
                entry(
                    line,
                    1,
                    Msg::CountFileExpectCode.fill(lang, &[("value", &code)]),
                )
            })?;
        let value: usize = count.parse().map_err(|_| {
            entry(
                line,
                2,
                Msg::CountFileExpectCount.fill(lang, &[("value", &count)]),
            )
        })?;
        if let Some(first) = line_of.insert(province, line) {
            return Err(entry(
                line,
                1,
                Msg::CountFileDuplicate.fill(lang, &[("code", &code), ("first", &first)]),
            ));
        }
        out.insert(province, value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::reduce;

    #[test]
    fn reduce_rounds_halves_up_and_keeps_one() {
        assert_eq!(reduce(0.7, 10), 7);
        assert_eq!(reduce(0.25, 10), 3); // 2.5 → 3
        assert_eq!(reduce(0.33, 10), 3);
        assert_eq!(reduce(0.01, 10), 1);
        assert_eq!(reduce(1.0, 10), 10);
    }
}

//! Semantic checks of a parsed rule set (what serde cannot check).

use std::collections::BTreeSet;

use super::RuleSet;
use super::locate::Seg;
use super::schema::{Sourced, Trigger};
use crate::model::{Level, UnitKind};

/// A validation problem: where, what was found and what was expected.
#[derive(Debug)]
pub(crate) struct Violation {
    /// Path of the field.
    pub path: Vec<Seg>,
    /// The value found.
    pub value: String,
    /// What was expected.
    pub expected: String,
}

fn problem(path: Vec<Seg>, value: impl ToString, expected: &str) -> Violation {
    Violation {
        path,
        value: value.to_string(),
        expected: expected.to_string(),
    }
}

/// Checks a positive finite number.
fn positive(path: Vec<Seg>, v: f64) -> Result<(), Violation> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(problem(path, v, "a positive finite number"))
    }
}

/// Checks a share in `(0, 1]` (or `[0, 1]` with `zero_ok`).
fn share(path: Vec<Seg>, v: f64, zero_ok: bool) -> Result<(), Violation> {
    let ok = v.is_finite() && v <= 1.0 && (v > 0.0 || (zero_ok && v == 0.0));
    if ok {
        Ok(())
    } else {
        let expected = if zero_ok {
            "a number between 0 and 1"
        } else {
            "a number greater than 0 and at most 1"
        };
        Err(problem(path, v, expected))
    }
}

fn unique(path: Vec<Seg>, seen: &mut BTreeSet<String>, id: &str) -> Result<(), Violation> {
    if id.trim().is_empty() {
        return Err(problem(path, "\"\"", "a non-empty id"));
    }
    if !seen.insert(id.to_string()) {
        return Err(problem(
            path,
            format!("\"{id}\""),
            "an id not used before in this section",
        ));
    }
    Ok(())
}

fn sourced(base: &[Seg], key: &'static str, s: &Sourced) -> Result<(), Violation> {
    let mut path = base.to_vec();
    path.extend([Seg::Key(key), Seg::Key("value")]);
    positive(path, s.value)
}

/// Validates `set`; the first problem found is returned.
///
/// # Complexity
/// O(s·k + r + c + e) for s standards, k kinds, r reductions, c criteria, e exemptions.
pub(crate) fn validate(set: &RuleSet) -> Result<(), Violation> {
    if set.name.trim().is_empty() {
        return Err(problem(vec![Seg::Key("name")], "\"\"", "a non-empty name"));
    }
    if set.phases.is_empty() {
        return Err(problem(
            vec![Seg::Key("phases")],
            "[]",
            "at least one phase",
        ));
    }
    let mut phases = BTreeSet::new();
    for (i, p) in set.phases.iter().enumerate() {
        if !phases.insert(*p) {
            return Err(problem(
                vec![Seg::Key("phases"), Seg::Index(i)],
                p,
                "each phase once",
            ));
        }
    }
    let mut ids = BTreeSet::new();
    for (i, s) in set.standards.iter().enumerate() {
        let base = [Seg::Key("standard"), Seg::Index(i)];
        unique(
            [base.to_vec(), vec![Seg::Key("id")]].concat(),
            &mut ids,
            &s.id,
        )?;
        sourced(&base, "area_km2", &s.area_km2)?;
        sourced(&base, "population", &s.population)?;
        if s.kind.level() != Level::Commune && !s.parent_kinds.is_empty() {
            return Err(problem(
                [base.to_vec(), vec![Seg::Key("parent_kinds")]].concat(),
                format!("{:?}", s.parent_kinds),
                "parent_kinds only on commune-level standards",
            ));
        }
        if s.kind.level() != Level::Commune
            && (!s.province_kinds.is_empty() || s.province_mountainous_or_border.is_some())
        {
            return Err(problem(
                [base.to_vec(), vec![Seg::Key("province_kinds")]].concat(),
                format!("{:?}", s.province_kinds),
                "province conditions only on commune-level standards",
            ));
        }
        if let Some(k) = s
            .province_kinds
            .iter()
            .find(|k| k.level() != Level::Province)
        {
            return Err(problem(
                [base.to_vec(), vec![Seg::Key("province_kinds")]].concat(),
                k,
                "province kinds (`tinh`, `thanh_pho_tw`)",
            ));
        }
    }
    for kind in UnitKind::ALL {
        for mountainous in [true, false] {
            let covered = set
                .standards
                .iter()
                .any(|s| s.kind == kind && s.mountainous.is_none_or(|m| m == mountainous));
            if !covered {
                let what = if mountainous { "mountainous" } else { "other" };
                return Err(problem(
                    vec![Seg::Key("standard")],
                    format!("no standard for {what} units of kind `{kind}`"),
                    "a standard for every unit kind (mountainous and other)",
                ));
            }
        }
    }
    let mut ids = BTreeSet::new();
    for (i, r) in set.reductions.iter().enumerate() {
        let at = |k: &'static str| vec![Seg::Key("reduction"), Seg::Index(i), Seg::Key(k)];
        unique(at("id"), &mut ids, &r.id)?;
        share(at("factor"), r.factor, false)?;
        if r.kinds.is_empty() {
            return Err(problem(at("kinds"), "[]", "at least one unit kind"));
        }
        if r.trigger == Trigger::EthnicMinorityOrBorder && r.ethnic_share_min.is_none() {
            return Err(problem(
                at("ethnic_share_min"),
                "(missing)",
                "a share for trigger ethnic_minority_or_border",
            ));
        }
        if let Some(v) = r.ethnic_share_min {
            share(at("ethnic_share_min"), v, true)?;
        }
        let steps = [r.step_share, r.step_factor, r.min_factor];
        let given = steps.iter().filter(|s| s.is_some()).count();
        if given != 0 && given != 3 {
            return Err(problem(
                at("step_share"),
                format!("{given} of 3 step fields"),
                "step_share, step_factor and min_factor together, or none",
            ));
        }
        if let (Some(ss), Some(sf), Some(mf)) = (r.step_share, r.step_factor, r.min_factor) {
            share(at("step_share"), ss, false)?;
            share(at("step_factor"), sf, true)?;
            share(at("min_factor"), mf, false)?;
            if mf > r.factor {
                return Err(problem(at("min_factor"), mf, "a floor not above `factor`"));
            }
        }
        if let Some(b) = &r.base_standard
            && set.standard_def(b).is_none()
        {
            return Err(problem(
                at("base_standard"),
                format!("\"{b}\""),
                "the id of a standard of this set",
            ));
        }
    }
    let mut ids = BTreeSet::new();
    for (i, c) in set.criteria.iter().enumerate() {
        let at = |k: &'static str| vec![Seg::Key("criterion"), Seg::Index(i), Seg::Key(k)];
        unique(at("id"), &mut ids, &c.id)?;
        if !phases.contains(&c.phase) {
            return Err(problem(at("phase"), c.phase, "one of the set's `phases`"));
        }
        if c.levels.is_empty() || c.levels.contains(&Level::Province) {
            return Err(problem(
                at("levels"),
                format!("{:?}", c.levels),
                "a non-empty list of `district` and/or `commune`",
            ));
        }
        positive(at("area_below"), c.area_below)?;
        positive(at("population_below"), c.population_below)?;
    }
    let mut ids = BTreeSet::new();
    for (i, e) in set.exemptions.iter().enumerate() {
        let at = |k: &'static str| vec![Seg::Key("exemption"), Seg::Index(i), Seg::Key(k)];
        unique(at("id"), &mut ids, &e.id)?;
        if e.flags.is_empty() && e.arranged_in.is_empty() {
            return Err(problem(at("flags"), "[]", "`flags` or `arranged_in`"));
        }
        if let Some(p) = e.phases.iter().find(|p| !phases.contains(p)) {
            return Err(problem(at("phases"), p, "phases of the set's `phases`"));
        }
    }
    for (i, g) in set.group_exemptions.iter().enumerate() {
        let at = |k: &'static str| vec![Seg::Key("group_exemption"), Seg::Index(i), Seg::Key(k)];
        unique(at("id"), &mut ids, &g.id)?;
        if g.min_units < 2 {
            return Err(problem(
                at("min_units"),
                g.min_units,
                "a whole number of at least 2",
            ));
        }
        if g.into_kinds.is_empty() {
            return Err(problem(
                at("into_kinds"),
                "[]",
                "a non-empty list of unit kinds",
            ));
        }
    }
    let mut seen_from = BTreeSet::new();
    for (i, k) in set.kinds_after_merge.iter().enumerate() {
        let at = |f: &'static str| vec![Seg::Key("kind_after_merge"), Seg::Index(i), Seg::Key(f)];
        if !seen_from.insert(k.from) {
            return Err(problem(
                at("from"),
                k.from.as_str(),
                "a kind not mapped before",
            ));
        }
        if k.from.level() != k.to.level() {
            return Err(problem(
                at("to"),
                k.to.as_str(),
                "a kind of the same level as `from`",
            ));
        }
    }
    let mut seen_parent = BTreeSet::new();
    for (i, st) in set.structure.iter().enumerate() {
        let at = |f: &'static str| vec![Seg::Key("structure"), Seg::Index(i), Seg::Key(f)];
        if st.parent.level() != Level::District || !seen_parent.insert(st.parent) {
            return Err(problem(
                at("parent"),
                st.parent.as_str(),
                "a district-level kind not listed before",
            ));
        }
        if st.children.is_empty() || st.children.iter().any(|c| c.level() != Level::Commune) {
            return Err(problem(
                at("children"),
                format!("{:?}", st.children),
                "a non-empty list of commune-level kinds",
            ));
        }
    }
    let mut seen_kind = BTreeSet::new();
    for (i, c) in set.urban_conditions.iter().enumerate() {
        let at = |f: &'static str| vec![Seg::Key("urban_condition"), Seg::Index(i), Seg::Key(f)];
        if c.kind.level() != Level::District || !seen_kind.insert(c.kind) {
            return Err(problem(
                at("kind"),
                c.kind.as_str(),
                "a district-level kind not listed before",
            ));
        }
        let v = c.ward_share_min.value;
        if !(v.is_finite() && v > 0.0 && v <= 1.0) {
            return Err(problem(at("ward_share_min"), v, "a share in (0, 1]"));
        }
    }
    if let Some(c) = &set.consultation {
        let v = c.majority_share.value;
        if !(v.is_finite() && v > 0.0 && v < 1.0) {
            return Err(problem(
                vec![
                    Seg::Key("consultation"),
                    Seg::Key("majority_share"),
                    Seg::Key("value"),
                ],
                v,
                "a share in (0, 1), e.g. 0.5 for more than half",
            ));
        }
    }
    Ok(())
}

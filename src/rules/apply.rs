//! Applying a rule set's standards and reductions to one unit.

use super::RuleSet;
use super::assumption::Assumption;
use super::placement::Placement;
use super::schema::{ReductionDef, Sourced, StandardDef, Tag, Target, Trigger};
use crate::lang::Lang;
use crate::model::{Unit, UnitKind};

/// Tolerance for comparing shares against step boundaries (0.3 + 2×0.1 must
/// count two full steps despite binary rounding).
const SHARE_EPS: f64 = 1e-9;

/// The `mountainous_basis` value of an official classification.
const OFFICIAL_BASIS: &str = "official_list";

/// The standard that applies to one unit, after special-factor reductions.
#[derive(Clone, Debug, PartialEq)]
pub struct AppliedStandard {
    /// Minimum natural area in km² (reduced where a reduction applies).
    pub area_km2: f64,
    /// Minimum population (reduced where a reduction applies).
    pub population: f64,
    /// Id of the standard, e.g. `xa_mien_nui`.
    pub id: String,
    /// Id of the reduction applied to the area standard, e.g. `R-SF3`.
    pub area_reduction: Option<String>,
    /// Id of the reduction applied to the population standard, e.g. `R-SF1`.
    pub population_reduction: Option<String>,
    /// Assumptions made, as Vietnamese text (see `notes` for other languages).
    pub assumptions: Vec<String>,
    /// The same assumptions, typed (render with [`Assumption::text`]).
    pub notes: Vec<Assumption>,
    /// Area standard before reductions.
    pub base_area_km2: f64,
    /// Population standard before reductions.
    pub base_population: f64,
    /// Legal sources of the area standard (and of its reduction).
    pub area_source: String,
    /// Legal sources of the population standard (and of its reduction).
    pub population_source: String,
    /// Weakest verification tag behind the area standard.
    pub area_tag: Tag,
    /// Weakest verification tag behind the population standard.
    pub population_tag: Tag,
}

/// A reduction that fires for a unit: the reduced value and the rule.
struct Candidate<'a> {
    value: f64,
    rule: &'a ReductionDef,
}

/// Rounds a computed standard to 1e-6 so that 0.7 × 30 gives 21, not 20.999….
fn tidy(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// The texts behind a standard: its assumptions (each once, in the order
/// met) and, with them, the legal sources of its figures. [`RuleSet::standard_at`]
/// keeps them for reports; [`RuleSet::standard_figures`] skips them, so that
/// judging a candidate group allocates nothing.
struct Notes(Option<Vec<Assumption>>);

impl Notes {
    /// Records the assumption built by `a`, once.
    fn push(&mut self, a: impl FnOnce() -> Assumption) {
        if let Some(list) = &mut self.0 {
            let a = a();
            if !list.contains(&a) {
                list.push(a);
            }
        }
    }

    /// Whether texts are kept.
    fn kept(&self) -> bool {
        self.0.is_some()
    }
}

impl RuleSet {
    /// The standard applying to `unit` (`parent_kind`: the kind of its parent,
    /// needed for phường: thuộc quận / thuộc thành phố / thuộc thị xã, NQ 1211 Điều 8).
    ///
    /// Selection: the first standard of the unit's kind whose `mountainous`
    /// and `parent_kinds` match (an empty `mountainous` column counts as not
    /// mountainous, stated). Then every reduction whose trigger holds lowers
    /// its standard; with one reduction per standard (R-SF4, NQ 1211 Điều 3a),
    /// the most favourable (lowest) value is kept, ties to the first in file order.
    ///
    /// # Complexity
    /// O(s + r) for s standards and r reductions.
    pub fn standard(&self, unit: &Unit, parent_kind: Option<UnitKind>) -> AppliedStandard {
        self.standard_at(unit, &Placement::with_parent(parent_kind))
    }

    /// The standard applying to `unit` placed at `at` (its parent's kind and
    /// its province): as [`RuleSet::standard`], and a standard with province
    /// conditions (NQ 76/2025 N3: phường of a centrally-run city, of a
    /// mountainous/highland or border province) matches only when they hold.
    /// When a condition cannot be evaluated (province unknown), the next
    /// standard in file order is tried and the choice is stated.
    ///
    /// # Complexity
    /// O(s + r) for s standards and r reductions.
    pub fn standard_at(&self, unit: &Unit, at: &Placement) -> AppliedStandard {
        let mut notes = Notes(Some(Vec::new()));
        let (def, area_std, pop_std) = self.apply(unit, at, &mut notes);
        let notes = notes.0.unwrap_or_default();
        AppliedStandard {
            area_km2: area_std.value,
            population: pop_std.value,
            id: def.id.clone(),
            area_reduction: area_std.reduction,
            population_reduction: pop_std.reduction,
            assumptions: notes.iter().map(|n| n.text(Lang::Vi)).collect(),
            notes,
            base_area_km2: def.area_km2.value,
            base_population: def.population.value,
            area_source: area_std.source,
            population_source: pop_std.source,
            area_tag: area_std.tag,
            population_tag: pop_std.tag,
        }
    }

    /// The minimum area (km²) and population of [`RuleSet::standard_at`],
    /// without the texts (assumptions, sources, ids): what judging a
    /// candidate group needs, with no allocation.
    ///
    /// # Complexity
    /// O(s + r) for s standards and r reductions.
    pub fn standard_figures(&self, unit: &Unit, at: &Placement) -> (f64, f64) {
        let (_, area, population) = self.apply(unit, at, &mut Notes(None));
        (area.value, population.value)
    }

    /// The standard of `unit` at `at` and its two figures after reductions,
    /// with their texts when `notes` keeps them.
    fn apply<'a>(
        &'a self,
        unit: &Unit,
        at: &Placement,
        notes: &mut Notes,
    ) -> (&'a StandardDef, Reduced, Reduced) {
        let mountainous = self.mountainous(unit, notes);
        let def = self.pick_standard(unit.kind, mountainous, at.parent_kind, at, notes);
        let (area, population) = self.reductions_for(unit, def, mountainous, notes);
        let policy = Policy {
            one_per_standard: self
                .reduction_policy
                .as_ref()
                .is_none_or(|p| p.one_per_standard),
            tag: self.reduction_policy.as_ref().map_or(Tag::V, |p| p.tag),
        };
        let area_std = combine(Target::Area, &def.area_km2, &area, policy, notes);
        let pop_std = combine(
            Target::Population,
            &def.population,
            &population,
            policy,
            notes,
        );
        for (figure, tag) in [("area_km2", area_std.tag), ("population", pop_std.tag)] {
            if tag == Tag::U {
                notes.push(|| Assumption::Unverified {
                    what: format!("{}.{figure}", def.id),
                });
            }
        }
        (def, area_std, pop_std)
    }

    /// Whether `unit` counts as mountainous: its column, or not mountainous
    /// when empty. Stated when its kind has mountainous variants and the value
    /// is a proxy or unknown.
    fn mountainous(&self, unit: &Unit, notes: &mut Notes) -> bool {
        let has_variants = self
            .standards
            .iter()
            .any(|s| s.kind == unit.kind && s.mountainous.is_some());
        match unit.attrs.mountainous {
            Some(m) => {
                if has_variants
                    && let Some(basis) = &unit.attrs.mountainous_basis
                    && basis != OFFICIAL_BASIS
                {
                    notes.push(|| Assumption::MountainousProxy {
                        basis: basis.clone(),
                    });
                }
                m
            }
            None => {
                if has_variants {
                    notes.push(|| Assumption::MountainousUnknown);
                }
                false
            }
        }
    }

    /// The reductions that fire for `unit` under standard `def`, lowering
    /// its area and its population standard: `(area, population)`.
    fn reductions_for<'a>(
        &'a self,
        unit: &Unit,
        def: &'a StandardDef,
        mountainous: bool,
        notes: &mut Notes,
    ) -> (Vec<Candidate<'a>>, Vec<Candidate<'a>>) {
        let mut area = Vec::new();
        let mut population = Vec::new();
        for r in self
            .reductions
            .iter()
            .filter(|r| r.kinds.contains(&unit.kind))
        {
            let Some(factor) = fires(r, unit, mountainous, notes) else {
                continue;
            };
            let base_def = r
                .base_standard
                .as_deref()
                .and_then(|id| self.standard_def(id))
                .unwrap_or(def);
            let (own, base, list) = match r.target {
                Target::Area => (def.area_km2.value, base_def.area_km2.value, &mut area),
                Target::Population => (
                    def.population.value,
                    base_def.population.value,
                    &mut population,
                ),
            };
            let value = tidy(factor * base);
            if value < own {
                list.push(Candidate { value, rule: r });
            }
        }
        (area, population)
    }

    /// The first standard of `kind` matching `mountainous`, the parent kind and
    /// the province conditions; a province condition that cannot be evaluated
    /// skips the standard (stated). Failing the parent, the first of `kind`
    /// matching `mountainous` whose province conditions do not fail (stated).
    fn pick_standard(
        &self,
        kind: UnitKind,
        mountainous: bool,
        parent_kind: Option<UnitKind>,
        at: &Placement,
        notes: &mut Notes,
    ) -> &StandardDef {
        let of_kind =
            |s: &&StandardDef| s.kind == kind && s.mountainous.is_none_or(|m| m == mountainous);
        let mut province_unknown = false;
        let exact = self
            .standards
            .iter()
            .filter(of_kind)
            .filter(|s| {
                s.parent_kinds.is_empty()
                    || parent_kind.is_some_and(|p| s.parent_kinds.contains(&p))
            })
            .find(|s| match province_matches(s, at) {
                Some(ok) => ok,
                None => {
                    province_unknown = true;
                    false
                }
            });
        if let Some(def) = exact {
            if at.province_from_districts
                && let Some(v) = at.province_mountainous_or_border
                && self
                    .standards
                    .iter()
                    .filter(of_kind)
                    .any(|s| s.province_mountainous_or_border.is_some())
            {
                notes.push(|| Assumption::ProvinceFromDistricts {
                    standard: def.id.clone(),
                    mountainous_or_border: v,
                });
            }
            if province_unknown {
                notes.push(|| Assumption::ProvinceUnknown {
                    standard: def.id.clone(),
                });
            }
            return def;
        }
        let def = self
            .standards
            .iter()
            .filter(of_kind)
            .find(|s| province_matches(s, at) != Some(false))
            .or_else(|| self.standards.iter().find(of_kind))
            .expect("validation guarantees a standard for every kind, mountainous or not");
        notes.push(|| Assumption::ParentKindUnknown {
            standard: def.id.clone(),
        });
        def
    }
}

/// Whether the province conditions of `s` hold at `at`: `None` when one
/// cannot be evaluated and none fails.
fn province_matches(s: &StandardDef, at: &Placement) -> Option<bool> {
    let kind = if s.province_kinds.is_empty() {
        Some(true)
    } else {
        at.province_kind.map(|k| s.province_kinds.contains(&k))
    };
    let terrain = match s.province_mountainous_or_border {
        None => Some(true),
        Some(want) => at.province_mountainous_or_border.map(|v| v == want),
    };
    match (kind, terrain) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// The factor of reduction `r` for `unit`, or `None` if its trigger does not hold.
fn fires(r: &ReductionDef, unit: &Unit, mountainous: bool, notes: &mut Notes) -> Option<f64> {
    match r.trigger {
        Trigger::EthnicMinorityOrBorder => {
            let share = unit.attrs.ethnic_minority_share;
            let min = r.ethnic_share_min.unwrap_or(0.0);
            let border = match unit.attrs.land_border {
                Some(b) => b,
                None => {
                    notes.push(|| Assumption::LandBorderUnknown);
                    false
                }
            };
            if share.is_none() && (mountainous || border) {
                notes.push(|| Assumption::EthnicShareUnknown);
            }
            let high_share = share.is_some_and(|s| s + SHARE_EPS >= min);
            let ethnic = mountainous && high_share;
            if !(ethnic || border) {
                return None;
            }
            let mut factor = r.factor;
            match (share, r.step_share, r.step_factor, r.min_factor) {
                (Some(s), Some(ss), Some(sf), Some(mf)) if high_share => {
                    if !ethnic {
                        notes.push(|| Assumption::EthnicStepsForBorder {
                            reduction: r.id.clone(),
                        });
                    }
                    let steps = ((s - min) / ss + SHARE_EPS).floor().max(0.0);
                    factor = (factor - sf * steps).max(mf);
                }
                _ if !ethnic => notes.push(|| Assumption::BorderOnly {
                    reduction: r.id.clone(),
                }),
                _ => {}
            }
            Some(factor)
        }
        Trigger::CoastalPoor => match unit.attrs.coastal_poor {
            Some(true) => Some(r.factor),
            Some(false) => None,
            None => {
                notes.push(|| Assumption::CoastalPoorUnknown);
                None
            }
        },
        Trigger::RedRiverDelta => match unit.in_red_river_delta() {
            Some(true) => {
                notes.push(|| Assumption::RedRiverDelta {
                    reduction: r.id.clone(),
                });
                Some(r.factor)
            }
            Some(false) => None,
            None => {
                notes.push(|| Assumption::RegionUnknown);
                None
            }
        },
    }
}

/// How several reductions of one standard combine (R-SF4).
#[derive(Clone, Copy, Debug)]
struct Policy {
    /// Each standard takes one reduction only, the most favourable.
    one_per_standard: bool,
    /// The tag of the policy.
    tag: Tag,
}

/// One figure of a standard after its reductions.
struct Reduced {
    value: f64,
    /// Id of the reduction applied (`R-SF1`, or `R-SF1+R-SF3` when several
    /// apply together); `None` also when the texts are not kept.
    reduction: Option<String>,
    /// The figure's sources, then the reduction's (empty when the texts are
    /// not kept).
    source: String,
    /// The weakest tag behind the value.
    tag: Tag,
}

/// Combines the candidate reductions of one standard's figure `base`.
fn combine(
    target: Target,
    base: &Sourced,
    candidates: &[Candidate<'_>],
    policy: Policy,
    notes: &mut Notes,
) -> Reduced {
    let kept = notes.kept();
    let text = |s: &dyn Fn() -> String| if kept { s() } else { String::new() };
    let Some(first) = candidates.first() else {
        return Reduced {
            value: base.value,
            reduction: None,
            source: text(&|| base.source.clone()),
            tag: base.tag,
        };
    };
    if policy.one_per_standard {
        let best = candidates[1..]
            .iter()
            .fold(first, |best, c| if c.value < best.value { c } else { best });
        let mut tag = base.tag.weakest(best.rule.tag);
        if candidates.len() > 1 {
            tag = tag.weakest(policy.tag);
            notes.push(|| Assumption::OneReductionPerStandard {
                target,
                chosen: best.rule.id.clone(),
                others: candidates
                    .iter()
                    .filter(|c| c.rule.id != best.rule.id)
                    .map(|c| c.rule.id.clone())
                    .collect(),
            });
        }
        let source = text(&|| format!("{}; {}", base.source, best.rule.source));
        return Reduced {
            value: best.value,
            reduction: kept.then(|| best.rule.id.clone()),
            source,
            tag,
        };
    }
    let mut value = base.value;
    let mut tag = base.tag.weakest(policy.tag);
    for c in candidates {
        value *= c.value / base.value;
        tag = tag.weakest(c.rule.tag);
    }
    let source = text(&|| {
        let mut s = base.source.clone();
        for c in candidates {
            s.push_str("; ");
            s.push_str(&c.rule.source);
        }
        s
    });
    let ids = text(&|| {
        candidates
            .iter()
            .map(|c| c.rule.id.as_str())
            .collect::<Vec<_>>()
            .join("+")
    });
    Reduced {
        value: tidy(value),
        reduction: kept.then_some(ids),
        source,
        tag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attributes, UnitCode};

    fn mountain_xa(share: Option<f64>) -> Unit {
        Unit {
            code: UnitCode::from("00001"),
            name: "Xã A".into(),
            level: UnitKind::Xa.level(),
            kind: UnitKind::Xa,
            parent_code: Some(UnitCode::from("001")),
            area_km2: Some(10.0),
            population: Some(1000),
            region: Some("Northwest".into()),
            attrs: Attributes {
                mountainous: Some(true),
                land_border: Some(false),
                ethnic_minority_share: share,
                ..Attributes::default()
            },
        }
    }

    #[test]
    fn figures_are_the_standards_figures() {
        let mut n = 0;
        for set in ["nq35-2023", "nq653-2019", "nq76-2025"] {
            let rules = RuleSet::builtin(set).expect("built-in set loads");
            for kind in UnitKind::ALL {
                for share in [None, Some(0.1), Some(0.35), Some(0.95)] {
                    for flag in [None, Some(false), Some(true)] {
                        let mut u = mountain_xa(share);
                        u.kind = kind;
                        u.level = kind.level();
                        u.attrs.mountainous = flag;
                        u.attrs.land_border = flag.map(|f| !f);
                        u.attrs.coastal_poor = flag;
                        u.region =
                            flag.map(|f| if f { "Red River Delta" } else { "Northwest" }.into());
                        for parent in [None, Some(UnitKind::Quan), Some(UnitKind::ThiXa)] {
                            let at = Placement::with_parent(parent);
                            let full = rules.standard_at(&u, &at);
                            let figures = rules.standard_figures(&u, &at);
                            assert_eq!(figures, (full.area_km2, full.population), "{set} {u:?}");
                            n += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(n, 3 * 9 * 4 * 3 * 3);
    }

    #[test]
    fn tidy_removes_binary_noise() {
        assert_eq!(tidy(0.7 * 30.0), 21.0);
        assert_eq!(tidy(0.45 * 5000.0), 2250.0);
    }

    #[test]
    fn only_full_ethnic_steps_count() {
        let rules = RuleSet::builtin("nq35-2023").expect("built-in set loads");
        let pop = |share| rules.standard(&mountain_xa(Some(share)), None).population;
        assert_eq!(pop(0.29), 5000.0);
        assert_eq!(pop(0.30), 2500.0);
        assert_eq!(pop(0.3999), 2500.0);
        assert_eq!(pop(0.40), 2250.0);
        assert_eq!(pop(0.70), 1500.0);
        assert_eq!(pop(0.80), 1250.0);
        assert_eq!(pop(0.90), 1000.0);
        assert_eq!(pop(1.00), 1000.0);
    }

    #[test]
    fn unknown_share_gives_no_ethnic_reduction_and_says_so() {
        let rules = RuleSet::builtin("nq35-2023").expect("built-in set loads");
        let s = rules.standard(&mountain_xa(None), None);
        assert_eq!(s.population, 5000.0);
        assert_eq!(s.population_reduction, None);
        assert!(s.notes.contains(&Assumption::EthnicShareUnknown));
        assert_eq!(s.assumptions.len(), s.notes.len());
    }
}

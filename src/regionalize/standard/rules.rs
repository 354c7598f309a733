//! [`RuleStandard`]: a rule set's standards for the regions of one dataset
//! problem, tabulated per placement, kind and attribute flags.

use std::collections::BTreeMap;

use super::mix::{COMBOS, Mix, TRI, all_flag, any_flag, tri};
use crate::assess::exemption_for;
use crate::model::{Attributes, Dataset, Level, Unit, UnitCode, UnitKind};
use crate::pipeline::merge::precedence;
use crate::regionalize::problem::Thresholds;
use crate::regionalize::{DatasetProblem, RegionalizeError};
use crate::rules::{Placement, RuleSet};

/// One precomputed standard.
#[derive(Clone, Copy, Debug, PartialEq)]
struct StandardEntry {
    pop: f64,
    area: f64,
    /// Index into [`RuleStandard::ids`].
    id: u16,
}

/// A rule set's standards for the regions of one [`DatasetProblem`]: see the
/// module docs.
#[derive(Clone, Debug)]
pub struct RuleStandard {
    rules: RuleSet,
    level: Level,
    /// Kinds present, by precedence (a region's kind is the highest).
    kinds: Vec<UnitKind>,
    /// Distinct placements (parent kind, province facts, Red River Delta).
    places: Vec<(Placement, Option<bool>)>,
    /// Placement index of every problem unit.
    place_of: Vec<u16>,
    /// Mix of every problem unit.
    pub(super) mix: Vec<Mix>,
    /// Population of every problem unit (for reports).
    pop: Vec<f64>,
    /// Ethnic-minority share of every problem unit (slow path only).
    eth_share: Vec<Option<f64>>,
    /// Standard per (place, kind, flags).
    table: Vec<StandardEntry>,
    /// Standard ids, e.g. `xa_mien_nui`.
    ids: Vec<String>,
    /// Problem indices of the exempt units (kept alone).
    exempt: Vec<u32>,
    /// Id of the exemption of each exempt unit.
    exempt_ids: Vec<String>,
    /// Kind rank a merged unit takes for each kind rank (N7: thị trấn → xã).
    merged_rank: Vec<u8>,
    /// Group exemptions (N4): fewest units, kind ranks of the new unit, id.
    groups: Vec<(u32, Vec<u8>, String)>,
    /// The fewest units of any group exemption (`u32::MAX` without one): a
    /// smaller region needs no look-up.
    group_min_units: u32,
}

/// The standard of one region, for reports.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionStandard {
    /// Standard id (e.g. `xa_mien_nui`), or the exemption id: `N5` for an
    /// exempt unit, `N4` for a group that meets only through that exemption.
    pub id: String,
    /// Minimum population (0 for an exempt unit).
    pub pop: f64,
    /// Minimum area in km² (0 for an exempt unit).
    pub area: f64,
}

impl RuleStandard {
    /// The standards of `rules` for the units of `dp`. Units exempt under
    /// the rule set's first phase (e.g. N5, island communes: no numeric
    /// standard, NQ 76/2025 Điều 5, \[S\]) lose their edges in `dp`: they
    /// stay alone, as the planner keeps them out of merges.
    ///
    /// # Errors
    /// [`RegionalizeError::RulesNeedScope`] when regions may cross provinces
    /// (the province decides the N3 standard).
    ///
    /// # Complexity
    /// O(n + P · K · 81 · (s + r)) for P placements, K kinds, s standards and
    /// r reductions of the set.
    pub fn new(
        ds: &Dataset,
        dp: &mut DatasetProblem,
        rules: &RuleSet,
    ) -> Result<RuleStandard, RegionalizeError> {
        if !dp.nested {
            return Err(RegionalizeError::RulesNeedScope {
                rules: rules.name.clone(),
            });
        }
        let level = dp
            .units
            .first()
            .map_or(Level::Commune, |id| ds.unit(*id).level);
        let mut kinds: Vec<UnitKind> = dp.units.iter().map(|id| ds.unit(*id).kind).collect();
        // The kinds merged units may take instead (N7: thị trấn → xã).
        let after: Vec<UnitKind> = kinds
            .iter()
            .map(|k| rules.kind_after_merge(*k, 2))
            .collect();
        kinds.extend(after);
        kinds.sort_by_key(|k| (precedence(*k), *k));
        kinds.dedup();
        let rank = |k: UnitKind| kinds.iter().position(|x| *x == k).unwrap_or(0) as u8;
        let phase = rules.phases().first().copied();
        let mut place_ids: BTreeMap<(Placement, Option<bool>), u16> = BTreeMap::new();
        let mut place_of = Vec::with_capacity(dp.units.len());
        let mut mix = Vec::with_capacity(dp.units.len());
        let mut exempt = Vec::new();
        let mut exempt_ids = Vec::new();
        for (i, id) in dp.units.iter().enumerate() {
            let u = ds.unit(*id);
            let key = (Placement::in_dataset(ds, *id), u.in_red_river_delta());
            let next = place_ids.len() as u16;
            place_of.push(*place_ids.entry(key).or_insert(next));
            let ex = phase.and_then(|ph| exemption_for(rules, u, ph));
            if let Some(e) = ex {
                exempt.push(i as u32);
                exempt_ids.push(e.id.clone());
            }
            mix.push(Mix::of_unit(i as u32, u, rank(u.kind), ex.is_some()));
        }
        dp.problem.isolate(&exempt);
        let mut places = vec![(Placement::default(), None); place_ids.len()];
        for (key, k) in place_ids {
            places[k as usize] = key;
        }
        let eth_share = dp
            .units
            .iter()
            .map(|id| ds.unit(*id).attrs.ethnic_minority_share)
            .collect();
        let mut s = RuleStandard {
            rules: rules.clone(),
            level,
            kinds,
            places,
            place_of,
            mix,
            pop: (0..dp.problem.len()).map(|i| dp.problem.pop(i)).collect(),
            eth_share,
            table: Vec::new(),
            ids: Vec::new(),
            exempt,
            exempt_ids,
            groups: Vec::new(),
            group_min_units: u32::MAX,
            merged_rank: Vec::new(),
        };
        s.groups = rules
            .group_exemptions
            .iter()
            .map(|g| {
                let ranks = g
                    .into_kinds
                    .iter()
                    .filter_map(|k| s.kinds.iter().position(|x| x == k))
                    .map(|r| r as u8)
                    .collect();
                (g.min_units, ranks, g.id.clone())
            })
            .collect();
        s.group_min_units = s.groups.iter().map(|g| g.0).min().unwrap_or(u32::MAX);
        s.merged_rank = s
            .kinds
            .iter()
            .map(|k| {
                let to = rules.kind_after_merge(*k, 2);
                s.kinds.iter().position(|x| *x == to).unwrap_or(0) as u8
            })
            .collect();
        s.fill_table();
        Ok(s)
    }

    fn fill_table(&mut self) {
        let mut table = Vec::with_capacity(self.places.len() * self.kinds.len() * COMBOS);
        let mut ids: Vec<String> = Vec::new();
        for p in 0..self.places.len() {
            for k in 0..self.kinds.len() {
                for combo in 0..COMBOS {
                    let flags =
                        [combo / 27, combo / 9 % 3, combo / 3 % 3, combo % 3].map(|x| TRI[x]);
                    let unit = self.profile_unit(k, p, flags, None);
                    let st = self.rules.standard_at(&unit, &self.places[p].0);
                    let id = match ids.iter().position(|x| *x == st.id) {
                        Some(i) => i,
                        None => {
                            ids.push(st.id.clone());
                            ids.len() - 1
                        }
                    };
                    table.push(StandardEntry {
                        pop: st.population,
                        area: st.area_km2,
                        id: id as u16,
                    });
                }
            }
        }
        self.table = table;
        self.ids = ids;
    }

    /// A unit of kind rank `k` at place `p` with the flags (mountainous,
    /// land border, coastal poor, island) and ethnic share given: what the
    /// rule set needs of a merged profile (population and area do not
    /// select the standard).
    fn profile_unit(&self, k: usize, p: usize, flags: [Option<bool>; 4], eth: Option<f64>) -> Unit {
        let [mountainous, land_border, coastal_poor, island] = flags;
        let attrs = Attributes {
            mountainous,
            land_border,
            ethnic_minority_share: eth,
            island,
            coastal_poor,
            red_river_delta: self.places[p].1,
            ..Attributes::default()
        };
        Unit {
            code: UnitCode::from("0"),
            name: String::new(),
            level: self.level,
            kind: self.kinds[k],
            parent_code: None,
            area_km2: None,
            population: None,
            region: None,
            attrs,
        }
    }

    /// The rule set.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Problem indices of the units exempt from the standards, with the id of
    /// their exemption.
    pub fn exempt(&self) -> impl Iterator<Item = (u32, &str)> {
        self.exempt
            .iter()
            .copied()
            .zip(self.exempt_ids.iter().map(String::as_str))
    }

    /// The flags of the merged profile of a region with `mix` and `area`.
    fn flags(&self, mix: &Mix, area: f64) -> [Option<bool>; 4] {
        [
            mix.mountainous(area),
            any_flag(mix.border),
            all_flag(mix.coastal, mix.units),
            any_flag(mix.island),
        ]
    }

    /// The merged profile's ethnic-minority share (as the planner's
    /// population-weighted mean).
    fn eth(&self, mix: &Mix) -> Option<f64> {
        if mix.eth_known == 0 {
            None
        } else if mix.eth.1 > 0.0 {
            Some(mix.eth.0 / mix.eth.1)
        } else {
            self.eth_share
                .get(mix.eth_first as usize)
                .copied()
                .flatten()
        }
    }

    /// Minimum population and area of a region with `mix` and `area`, and
    /// the standard's id index (`None` on the slow path).
    /// Kind rank of the unit a region with `mix` becomes: the highest of its
    /// members, mapped by the rule set when two or more merge (N7).
    fn kind_of(&self, mix: &Mix) -> usize {
        let k = usize::from(mix.kind);
        if mix.units >= 2 {
            self.merged_rank.get(k).map_or(k, |r| usize::from(*r))
        } else {
            k
        }
    }

    /// The kind of the unit a region of the problem units `members` becomes
    /// (urban kinds win; the rule set may map it, NQ 76/2025 N7).
    pub fn region_kind(&self, members: &[u32]) -> Option<UnitKind> {
        let mix = members
            .iter()
            .fold(Mix::default(), |m, &u| m.add(&self.mix[u as usize]));
        (mix.units > 0).then(|| self.kinds[self.kind_of(&mix)])
    }

    fn required(&self, mix: &Mix, area: f64) -> (f64, f64, Option<u16>) {
        let p = self.place_of[mix.first as usize] as usize;
        let k = self.kind_of(mix);
        if mix.eth_known == 0 {
            let e = self.table[(p * self.kinds.len() + k) * COMBOS + combo(mix, area)];
            return (e.pop, e.area, Some(e.id));
        }
        let flags = self.flags(mix, area);
        let unit = self.profile_unit(k, p, flags, self.eth(mix));
        let st = self.rules.standard_at(&unit, &self.places[p].0);
        (st.population, st.area_km2, None)
    }

    /// The group exemption (N4) a region with `mix` falls under, if any.
    ///
    /// Inlined with an early exit: it is asked at every node of the exact
    /// search whose region misses its standard, most of them smaller than
    /// any group exemption.
    #[inline]
    fn group_exemption(&self, mix: &Mix) -> Option<&str> {
        if mix.units < self.group_min_units {
            return None;
        }
        self.groups
            .iter()
            .find(|(min, ranks, _)| mix.units >= *min && ranks.contains(&(self.kind_of(mix) as u8)))
            .map(|g| g.2.as_str())
    }

    /// Whether a region with totals `pop`, `area` and `mix` meets its
    /// standard or is exempt from it (an exempt unit alone; a group
    /// exemption such as N4).
    pub(crate) fn meets(&self, pop: f64, area: f64, mix: &Mix) -> bool {
        if mix.exempt > 0 && mix.units == 1 {
            return true;
        }
        let (p, a, _) = self.required(mix, area);
        Thresholds { pop: p, area: a }.met_by(pop, area) || self.group_exemption(mix).is_some()
    }

    /// The thresholds of a region with `mix` and `area` (guidance for the
    /// heuristics).
    pub(crate) fn target(&self, mix: &Mix, area: f64) -> Thresholds {
        let (p, a, _) = self.required(mix, area);
        Thresholds { pop: p, area: a }
    }

    /// The standards, per kind rank, that a region inside the component
    /// whose problem units are `units` can take (Pareto-minimal ones): over
    /// the kinds at least that rank (urban kinds win), the placements of the
    /// component, and every flag value a region of the component can take
    /// (and an ethnic share of 1 when one is known: reductions only grow
    /// with it, so it undercuts every other share).
    pub(crate) fn component_relax(&self, units: &[u32]) -> ComponentRelax {
        let mut places: Vec<usize> = units
            .iter()
            .map(|&u| self.place_of[u as usize] as usize)
            .collect();
        places.sort_unstable();
        places.dedup();
        let mut max_kind = 0usize;
        let mut seen = [[false; 3]; 4];
        let mut eth = false;
        for &u in units {
            let m = &self.mix[u as usize];
            max_kind = max_kind.max(usize::from(m.kind));
            // Mountainous (area majority) and coastal poor (all members) can
            // take any value in a mixed region; border and island (any
            // member) only the values some unit has.
            seen[0] = [true; 3];
            seen[2] = [true; 3];
            seen[1][tri(any_flag(m.border))] = true;
            seen[3][tri(any_flag(m.island))] = true;
            eth |= m.eth_known > 0;
        }
        let mut by_kind = Vec::with_capacity(max_kind + 1);
        for k in 0..=max_kind {
            let mut classes: Vec<Thresholds> = Vec::new();
            let mut ranks: Vec<usize> = (k..=max_kind)
                .flat_map(|kk| [kk, usize::from(self.merged_rank[kk])])
                .collect();
            ranks.sort_unstable();
            ranks.dedup();
            for kk in ranks {
                for &p in &places {
                    for combo in 0..COMBOS {
                        let idx = [combo / 27, combo / 9 % 3, combo / 3 % 3, combo % 3];
                        if (0..4).any(|f| !seen[f][idx[f]]) {
                            continue;
                        }
                        let e = self.table[(p * self.kinds.len() + kk) * COMBOS + combo];
                        classes.push(Thresholds {
                            pop: e.pop,
                            area: e.area,
                        });
                        if eth {
                            let unit = self.profile_unit(kk, p, idx.map(|x| TRI[x]), Some(1.0));
                            let st = self.rules.standard_at(&unit, &self.places[p].0);
                            classes.push(Thresholds {
                                pop: st.population,
                                area: st.area_km2,
                            });
                        }
                    }
                }
            }
            by_kind.push(pareto_minimal(classes));
        }
        // A region of rank ≥ k may fall under a group exemption when its kind
        // (a rank ≥ k, or the kind it maps to when merged) is one the
        // exemption names: its units then count 1/min each.
        let floor = (0..=max_kind)
            .map(|k| {
                self.groups
                    .iter()
                    .filter(|(_, ranks, _)| {
                        (k..=max_kind).any(|kk| {
                            ranks.contains(&(kk as u8)) || ranks.contains(&self.merged_rank[kk])
                        })
                    })
                    .map(|g| g.0)
                    .min()
            })
            .collect();
        ComponentRelax { by_kind, floor }
    }

    /// The standard of a region of the problem units `members` with totals
    /// `pop` and `area`, for reports.
    pub fn region_standard(&self, members: &[u32], area: f64) -> RegionStandard {
        let mix = members
            .iter()
            .fold(Mix::default(), |m, &u| m.add(&self.mix[u as usize]));
        if mix.exempt > 0 && mix.units == 1 {
            let k = self.exempt.iter().position(|&e| e == mix.first);
            return RegionStandard {
                id: k.map_or_else(String::new, |k| self.exempt_ids[k].clone()),
                pop: 0.0,
                area: 0.0,
            };
        }
        let (pop, min_area, id) = self.required(&mix, area);
        let total_pop: f64 = members
            .iter()
            .map(|&u| self.pop.get(u as usize).copied().unwrap_or(0.0))
            .sum();
        if !(Thresholds {
            pop,
            area: min_area,
        })
        .met_by(total_pop, area)
            && let Some(g) = self.group_exemption(&mix)
        {
            return RegionStandard {
                id: g.to_string(),
                pop: 0.0,
                area: 0.0,
            };
        }
        let id = match id {
            Some(i) => self.ids[usize::from(i)].clone(),
            None => {
                let p = self.place_of[mix.first as usize] as usize;
                let unit = self.profile_unit(
                    self.kind_of(&mix),
                    p,
                    self.flags(&mix, area),
                    self.eth(&mix),
                );
                self.rules.standard_at(&unit, &self.places[p].0).id
            }
        };
        RegionStandard {
            id,
            pop,
            area: min_area,
        }
    }
}

/// The thresholds of `classes` that no other class undercuts on both
/// population and area (the others never give a unit a larger bound
/// weight), sorted and deduplicated.
fn pareto_minimal(mut classes: Vec<Thresholds>) -> Vec<Thresholds> {
    classes.sort_by(|a, b| a.pop.total_cmp(&b.pop).then(a.area.total_cmp(&b.area)));
    let mut out: Vec<Thresholds> = Vec::new();
    for c in classes {
        // Sorted by population: c is dominated iff a kept class has area ≤ c's.
        if out.iter().all(|k| k.area > c.area) {
            out.push(c);
        }
    }
    out
}

/// Per kind rank, the standards a region of one component can take (see
/// [`RuleStandard::component_relax`]).
#[derive(Clone, Debug)]
pub(crate) struct ComponentRelax {
    pub(super) by_kind: Vec<Vec<Thresholds>>,
    /// Per kind rank, the fewest units of a group exemption a region holding
    /// a node of that rank may fall under.
    pub(super) floor: Vec<Option<u32>>,
}

/// The index of the flags of [`RuleStandard::flags`] in the standard
/// table (`tri` of each, base 3), from the counts directly: the same value
/// as through the `Option<bool>` flags, without them (this runs at every
/// node of the exact search).
#[inline]
fn combo(mix: &Mix, area: f64) -> usize {
    let tri_of = |known: bool, yes: bool| if known { 1 + usize::from(yes) } else { 0 };
    let mountain = tri_of(mix.mountain_known > 0, mix.mountain_area * 2.0 > area);
    let border = tri_of(mix.border.1 > 0, mix.border.0 > 0);
    let coastal = tri_of(mix.coastal.1 > 0, mix.coastal.0 == mix.units);
    let island = tri_of(mix.island.1 > 0, mix.island.0 > 0);
    mountain * 27 + border * 9 + coastal * 3 + island
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combo_matches_the_flags() {
        let mut n = 0;
        for units in 1..4u32 {
            for mountain_known in 0..2 {
                for mountain_area in [0.0, 10.0, 30.0] {
                    for border in [(0, 0), (0, 1), (1, 1), (1, 2)] {
                        for coastal in [(0, 0), (0, 2), (1, 2), (units, units)] {
                            for island in [(0, 0), (0, 1), (1, 3)] {
                                let mix = Mix {
                                    units,
                                    mountain_known,
                                    mountain_area,
                                    border,
                                    coastal,
                                    island,
                                    ..Mix::default()
                                };
                                let area = 40.0;
                                let by_flags = tri(mix.mountainous(area)) * 27
                                    + tri(any_flag(mix.border)) * 9
                                    + tri(all_flag(mix.coastal, mix.units)) * 3
                                    + tri(any_flag(mix.island));
                                assert_eq!(combo(&mix, area), by_flags, "{mix:?}");
                                n += 1;
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(n, 3 * 2 * 3 * 4 * 4 * 3);
    }
}

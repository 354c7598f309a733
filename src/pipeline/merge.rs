//! The unit formed by a merge: its kind, attributes and proposed name.
//!
//! Combination rules (documented choices of this tool where the law is silent):
//!
//! | attribute | rule |
//! |---|---|
//! | area, population | sums; unknown if any member's is unknown |
//! | kind | urban wins: district level thành phố > quận > thị xã > huyện; commune level phường > thị trấn > xã |
//! | mountainous | true when mountainous members hold more than half of the known area |
//! | land border | true if any member has one |
//! | ethnic-minority share | population-weighted mean over members with a known share |
//! | coastal poor | true only if every member is (the status is certified per commune) |
//! | island | true if any member is |
//! | Red River Delta, region | from the first member (all members share a province) |
//! | class | the class of the most populous member (docs/legal-basis.md §3.1, \[U\]) |
//! | readiness, consent share | population-weighted means of the known values |
//! | growth rate | population-weighted mean of the known values |
//! | exemption flags | cleared: the new unit is a new unit |
//! | arranged_in | the round that formed it |
//!
//! The proposed name is an existing name (NQ 35/2023 Điều 6): that of the
//! most populous member among those of the new unit's kind (urban kinds
//! win), with the prefix of the new kind; the new unit keeps that member's
//! code. The other members' names are the alternatives.

pub use crate::legal::kinds::{merged_kind, precedence, with_prefix};
use crate::model::{ArrangedIn, Attributes, Level, Unit, UnitCode, UnitKind};

/// Naming order of members: the members of the new unit's kind first (an
/// urban member gives its name, as Thành phố Hòa Bình absorbing Huyện Kỳ Sơn
/// in 2019), then the most populous (unknown counts as 0), then the smallest code.
fn naming_key(u: &Unit) -> (std::cmp::Reverse<u8>, std::cmp::Reverse<u64>, &UnitCode) {
    (
        std::cmp::Reverse(precedence(u.kind)),
        std::cmp::Reverse(u.population.unwrap_or(0)),
        &u.code,
    )
}

/// Indices of `members` in naming order (see [`naming_member`]): the first
/// gives the name, the others are the alternatives.
pub fn naming_order(members: &[&Unit]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by(|&a, &b| naming_key(members[a]).cmp(&naming_key(members[b])));
    order
}

/// Index of the member whose name (and code) the new unit takes: see
/// the module docs; the most populous member of the winning kind.
pub fn naming_member(members: &[&Unit]) -> usize {
    (0..members.len())
        .min_by(|&a, &b| naming_key(members[a]).cmp(&naming_key(members[b])))
        .unwrap_or(0)
}

fn weighted(members: &[&Unit], f: impl Fn(&Unit) -> Option<f64>) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for u in members {
        if let Some(v) = f(u) {
            let w = u.population.unwrap_or(0) as f64;
            num += v * w;
            den += w;
        }
    }
    if den > 0.0 {
        Some(num / den)
    } else {
        members.iter().find_map(|u| f(u))
    }
}

/// Builds the unit formed by merging `members` (at least one), giving it
/// `code`, the parent `parent_code` and `arranged_in = round`.
///
/// # Complexity
/// O(k) for k members.
pub fn merged_unit(
    members: &[&Unit],
    code: UnitCode,
    parent_code: Option<UnitCode>,
    round: ArrangedIn,
) -> Unit {
    let named = members[naming_member(members)];
    let mut u = merged_profile(members, code, parent_code, round);
    u.name = with_prefix(u.kind, named.short_name());
    u.attrs.class = named.attrs.class;
    u.attrs.lat = named.attrs.lat;
    u.attrs.lon = named.attrs.lon;
    u
}

/// The merged unit without its name, class and seat (left empty): what the
/// rules need to judge a candidate group, computed for every candidate.
///
/// # Complexity
/// O(k) for k members, without string work.
pub fn merged_profile(
    members: &[&Unit],
    code: UnitCode,
    parent_code: Option<UnitCode>,
    round: ArrangedIn,
) -> Unit {
    let kind = members
        .iter()
        .map(|u| u.kind)
        .max_by_key(|k| precedence(*k))
        .unwrap_or(UnitKind::Xa);
    let area_km2 = members.iter().map(|u| u.area_km2).sum::<Option<f64>>();
    let population = members.iter().map(|u| u.population).sum::<Option<u64>>();
    let known_area: f64 = members.iter().filter_map(|u| u.area_km2).sum();
    let mountain_area: f64 = members
        .iter()
        .filter(|u| u.attrs.mountainous == Some(true))
        .filter_map(|u| u.area_km2)
        .sum();
    let any_mountain_known = members.iter().any(|u| u.attrs.mountainous.is_some());
    let mountainous = any_mountain_known.then_some(mountain_area * 2.0 > known_area);
    // "Any member" and "every member" flags, unknown when no member's is
    // known (no allocation: this runs for every candidate group).
    let any = |f: fn(&Attributes) -> Option<bool>| -> Option<bool> {
        let mut known = false;
        for u in members {
            match f(&u.attrs) {
                Some(true) => return Some(true),
                Some(false) => known = true,
                None => {}
            }
        }
        known.then_some(false)
    };
    let all = |f: fn(&Attributes) -> Option<bool>| -> Option<bool> {
        let mut known = false;
        let mut every = true;
        for u in members {
            let v = f(&u.attrs);
            known |= v.is_some();
            every &= v == Some(true);
        }
        known.then_some(every)
    };
    let basis = merged_basis(members);
    let attrs = Attributes {
        mountainous,
        mountainous_basis: basis,
        land_border: any(|a| a.land_border),
        ethnic_minority_share: weighted(members, |u| u.attrs.ethnic_minority_share),
        island: any(|a| a.island),
        coastal_poor: all(|a| a.coastal_poor),
        red_river_delta: members[0].attrs.red_river_delta,
        class: None,
        isolated: None,
        boundary_unchanged_since_1945: None,
        defense_or_cultural: None,
        planned_urban: None,
        arranged_in: Some(round),
        readiness: weighted(members, |u| u.attrs.readiness),
        consent_share: weighted(members, |u| u.attrs.consent_share),
        // The new unit was not consulted as such: each member was.
        consultation: None,
        growth_rate: weighted(members, |u| u.attrs.growth_rate),
        lat: None,
        lon: None,
    };
    Unit {
        code,
        name: String::new(),
        level: members[0].level,
        kind,
        parent_code,
        area_km2,
        population,
        region: members[0].region.clone(),
        attrs,
    }
}

/// The `mountainous_basis` of a merged unit: the members' one when they
/// share it (an official classification stays official), `merged(a+b)` for
/// several (sorted, distinct), none when no member has one.
fn merged_basis(members: &[&Unit]) -> Option<String> {
    let mut bases = members
        .iter()
        .filter_map(|u| u.attrs.mountainous_basis.as_deref());
    let first = bases.next()?;
    if bases.clone().all(|b| b == first) {
        return Some(first.to_string());
    }
    let mut b: Vec<&str> = members
        .iter()
        .filter_map(|u| u.attrs.mountainous_basis.as_deref())
        .collect();
    b.sort_unstable();
    b.dedup();
    Some(format!("merged({})", b.join("+")))
}

/// Proposed name and alternatives for a merge of `members` into a unit of
/// `kind`: the naming member's name first (NQ 35/2023 Điều 6), then the
/// others in naming order.
pub fn proposed_names(members: &[&Unit], kind: UnitKind) -> (String, Vec<String>) {
    let mut order: Vec<&&Unit> = members.iter().collect();
    order.sort_by(|a, b| naming_key(a).cmp(&naming_key(b)));
    let mut names = order.iter().map(|u| with_prefix(kind, u.short_name()));
    let first = names.next().unwrap_or_default();
    (first, names.collect())
}

/// Whether `level` is a level the planner arranges.
pub fn is_planned_level(level: Level) -> bool {
    matches!(level, Level::District | Level::Commune)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, name: &str, kind: UnitKind, area: f64, pop: u64) -> Unit {
        Unit {
            code: UnitCode::from(code),
            name: name.to_string(),
            level: kind.level(),
            kind,
            parent_code: Some(UnitCode::from("001")),
            area_km2: Some(area),
            population: Some(pop),
            region: Some("Red River Delta".into()),
            attrs: Attributes::default(),
        }
    }

    #[test]
    fn urban_kind_wins_and_most_populous_names() {
        let a = unit("00001", "Xã Bồ Sao", UnitKind::Xa, 3.0, 4000);
        let b = unit("00002", "Thị trấn Bắc Hà", UnitKind::ThiTran, 1.47, 8861);
        let c = unit("00003", "Xã Tà Chải", UnitKind::Xa, 5.02, 3342);
        let m = merged_unit(
            &[&a, &b, &c],
            UnitCode::from("00002"),
            None,
            ArrangedIn::Round2023To2025,
        );
        assert_eq!(m.kind, UnitKind::ThiTran);
        assert_eq!(m.name, "Thị trấn Bắc Hà");
        assert_eq!(m.population, Some(4000 + 8861 + 3342));
        approx::assert_relative_eq!(m.area_km2.unwrap(), 9.49, epsilon = 1e-9);
        assert_eq!(m.attrs.arranged_in, Some(ArrangedIn::Round2023To2025));
        let (name, alts) = proposed_names(&[&a, &b, &c], m.kind);
        assert_eq!(name, "Thị trấn Bắc Hà");
        assert_eq!(alts, vec!["Thị trấn Bồ Sao", "Thị trấn Tà Chải"]);
    }

    #[test]
    fn unknown_area_stays_unknown() {
        let a = unit("1", "Xã A", UnitKind::Xa, 3.0, 10);
        let mut b = unit("2", "Xã B", UnitKind::Xa, 3.0, 10);
        b.area_km2 = None;
        let m = merged_unit(
            &[&a, &b],
            UnitCode::from("1"),
            None,
            ArrangedIn::Round2023To2025,
        );
        assert_eq!(m.area_km2, None);
    }

    #[test]
    fn attributes_combine_by_documented_rules() {
        let mut a = unit("1", "Xã A", UnitKind::Xa, 60.0, 3000);
        let mut b = unit("2", "Xã B", UnitKind::Xa, 40.0, 1000);
        a.attrs.mountainous = Some(true);
        b.attrs.mountainous = Some(false);
        a.attrs.ethnic_minority_share = Some(0.8);
        b.attrs.ethnic_minority_share = Some(0.4);
        b.attrs.land_border = Some(true);
        a.attrs.coastal_poor = Some(true);
        b.attrs.isolated = Some(true);
        let m = merged_unit(
            &[&a, &b],
            UnitCode::from("1"),
            None,
            ArrangedIn::Round2023To2025,
        );
        assert_eq!(m.attrs.mountainous, Some(true));
        approx::assert_relative_eq!(m.attrs.ethnic_minority_share.unwrap(), 0.7);
        assert_eq!(m.attrs.land_border, Some(true));
        assert_eq!(m.attrs.coastal_poor, Some(false));
        assert_eq!(m.attrs.isolated, None);
    }

    #[test]
    fn district_precedence() {
        assert_eq!(
            merged_kind(&[UnitKind::Huyen, UnitKind::ThanhPho]),
            Some(UnitKind::ThanhPho)
        );
        assert_eq!(
            merged_kind(&[UnitKind::Huyen, UnitKind::Huyen]),
            Some(UnitKind::Huyen)
        );
        assert_eq!(
            with_prefix(UnitKind::ThanhPho, "Hòa Bình"),
            "Thành phố Hòa Bình"
        );
    }
}

//! The map as the draft resolution sees it: the dataset's units with the
//! merges and conversions of each phase applied in order, so that the
//! neighbours of a new unit and the counts "after the arrangement" are read
//! from the map the phase leaves.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::MergeEntry;
use crate::model::{Dataset, Level, UnitCode, UnitKind};

/// A live unit of the map.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Live {
    pub name: String,
    pub kind: UnitKind,
    pub level: Level,
    pub parent: Option<UnitCode>,
    pub area_km2: Option<f64>,
    pub population: Option<u64>,
}

/// The evolving map.
///
/// # Invariants
/// Every original unit is owned by exactly one live unit (itself or the
/// merge that absorbed it); `origins[c]` lists the originals owned by `c`;
/// `children[p]` holds the live units whose parent is `p`.
#[derive(Clone, Debug)]
pub(crate) struct PhaseMap<'d> {
    ds: &'d Dataset,
    live: BTreeMap<UnitCode, Live>,
    owner: HashMap<UnitCode, UnitCode>,
    origins: HashMap<UnitCode, Vec<UnitCode>>,
    children: HashMap<UnitCode, BTreeSet<UnitCode>>,
}

/// The kind as written inside a sentence (`xã`, `thị trấn`, `thành phố`).
pub(crate) fn kind_word(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Tinh => "tỉnh",
        UnitKind::ThanhPhoTw | UnitKind::ThanhPho => "thành phố",
        UnitKind::Huyen => "huyện",
        UnitKind::Quan => "quận",
        UnitKind::ThiXa => "thị xã",
        UnitKind::Xa => "xã",
        UnitKind::Phuong => "phường",
        UnitKind::ThiTran => "thị trấn",
    }
}

/// The name without its kind prefix (`Xã Tà Chải` → `Tà Chải`; the prefix
/// is matched regardless of case, as [`crate::model::Unit::short_name`]).
pub(crate) fn short_name(name: &str) -> &str {
    for p in [
        "Thành phố ",
        "Thị trấn ",
        "Thị xã ",
        "Phường ",
        "Huyện ",
        "Quận ",
        "Tỉnh ",
        "Xã ",
    ] {
        let n = p.len();
        if name.is_char_boundary(n)
            && name.len() > n
            && name[..n].to_lowercase() == p.to_lowercase()
        {
            return &name[n..];
        }
    }
    name
}

/// A unit as named inside a sentence: `xã Tà Chải`.
pub(crate) fn phrase(kind: UnitKind, name: &str) -> String {
    format!("{} {}", kind_word(kind), short_name(name))
}

/// The same with a capital first letter, to start a sentence: `Xã Tà Chải`.
pub(crate) fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Units named as a list grouped by kind, kinds in first-seen order:
/// `các xã A, B`, `thị trấn C`.
pub(crate) fn grouped(units: &[(UnitKind, String)]) -> Vec<String> {
    let mut order: Vec<UnitKind> = Vec::new();
    let mut by_kind: BTreeMap<UnitKind, Vec<&str>> = BTreeMap::new();
    for (k, n) in units {
        if !order.contains(k) {
            order.push(*k);
        }
        by_kind.entry(*k).or_default().push(short_name(n));
    }
    order
        .into_iter()
        .map(|k| {
            let names = &by_kind[&k];
            if names.len() == 1 {
                format!("{} {}", kind_word(k), names[0])
            } else {
                format!("các {} {}", kind_word(k), names.join(", "))
            }
        })
        .collect()
}

/// `a`, `a và b`, `a, b và c`.
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

impl<'d> PhaseMap<'d> {
    /// The map of the dataset as loaded.
    ///
    /// # Complexity
    /// O(n).
    pub(crate) fn new(ds: &'d Dataset) -> Self {
        let mut live = BTreeMap::new();
        let mut owner = HashMap::new();
        let mut origins = HashMap::new();
        let mut children: HashMap<UnitCode, BTreeSet<UnitCode>> = HashMap::new();
        for u in ds.units() {
            if let Some(p) = &u.parent_code {
                children
                    .entry(p.clone())
                    .or_default()
                    .insert(u.code.clone());
            }
            live.insert(
                u.code.clone(),
                Live {
                    name: u.name.clone(),
                    kind: u.kind,
                    level: u.level,
                    parent: u.parent_code.clone(),
                    area_km2: u.area_km2,
                    population: u.population,
                },
            );
            owner.insert(u.code.clone(), u.code.clone());
            origins.insert(u.code.clone(), vec![u.code.clone()]);
        }
        PhaseMap {
            ds,
            live,
            owner,
            origins,
            children,
        }
    }

    /// A live unit.
    pub(crate) fn get(&self, code: &UnitCode) -> Option<&Live> {
        self.live.get(code)
    }

    /// The full name of a live unit (or the code when unknown).
    pub(crate) fn name(&self, code: &UnitCode) -> String {
        self.live
            .get(code)
            .map_or_else(|| code.to_string(), |l| l.name.clone())
    }

    /// The live unit that holds original unit `code`.
    pub(crate) fn owner(&self, code: &UnitCode) -> Option<&UnitCode> {
        self.owner.get(code)
    }

    /// Applies a merge: its members are replaced by the new unit (which
    /// keeps `new_code`); children of merged districts move to it.
    ///
    /// # Complexity
    /// O((k + c) log n) for k members and c children of theirs: proportional
    /// to the units moved.
    pub(crate) fn merge(&mut self, m: &MergeEntry) {
        let level = m.level;
        let mut absorbed = Vec::new();
        let mut kids: BTreeSet<UnitCode> = BTreeSet::new();
        for u in &m.members {
            if let Some(old) = self.live.remove(&u.code)
                && let Some(siblings) = old.parent.as_ref().and_then(|p| self.children.get_mut(p))
            {
                siblings.remove(&u.code);
            }
            if let Some(k) = self.children.remove(&u.code) {
                kids.extend(k);
            }
            if let Some(o) = self.origins.remove(&u.code) {
                absorbed.extend(o);
            }
        }
        absorbed.sort();
        for o in &absorbed {
            self.owner.insert(o.clone(), m.new_code.clone());
        }
        self.origins.insert(m.new_code.clone(), absorbed);
        let parent = match level {
            Level::Commune => m.parent_code.clone(),
            _ => m.province_code.clone(),
        };
        self.children
            .entry(parent.clone())
            .or_default()
            .insert(m.new_code.clone());
        self.live.insert(
            m.new_code.clone(),
            Live {
                name: m.new_name.clone(),
                kind: m.new_kind,
                level,
                parent: Some(parent),
                area_km2: m.area_km2,
                population: m.population,
            },
        );
        for c in &kids {
            if let Some(l) = self.live.get_mut(c) {
                l.parent = Some(m.new_code.clone());
            }
        }
        self.children
            .entry(m.new_code.clone())
            .or_default()
            .extend(kids);
    }

    /// Changes the kind and name of a live unit.
    pub(crate) fn convert(&mut self, code: &UnitCode, kind: UnitKind, name: &str) {
        if let Some(l) = self.live.get_mut(code) {
            l.kind = kind;
            l.name = name.to_string();
        }
    }

    /// The live units adjacent to `code` (same level), by code.
    ///
    /// # Complexity
    /// O(d) over the adjacency of its original units.
    pub(crate) fn neighbours(&self, code: &UnitCode) -> BTreeSet<UnitCode> {
        let mut out = BTreeSet::new();
        let Some(level) = self.live.get(code).map(|l| l.level) else {
            return out;
        };
        for o in self.origins.get(code).into_iter().flatten() {
            let Some(id) = self.ds.id_of(o) else { continue };
            for (nb, _) in self.ds.neighbours(id) {
                let nb = &self.ds.unit(nb).code;
                if let Some(w) = self.owner.get(nb)
                    && w != code
                    && self.live.get(w).is_some_and(|l| l.level == level)
                {
                    out.insert(w.clone());
                }
            }
        }
        out
    }

    /// The ancestor of `code` at `level` (itself if it is of that level).
    pub(crate) fn ancestor(&self, code: &UnitCode, level: Level) -> Option<UnitCode> {
        self.ancestor_ref(code, level).cloned()
    }

    /// [`PhaseMap::ancestor`], borrowed from the map (no copy).
    fn ancestor_ref<'s>(&'s self, code: &'s UnitCode, level: Level) -> Option<&'s UnitCode> {
        let mut c = code;
        for _ in 0..4 {
            let l = self.live.get(c)?;
            if l.level == level {
                return Some(c);
            }
            c = l.parent.as_ref()?;
        }
        None
    }

    /// The neighbours of `code` as the draft names them: units of the same
    /// parent by kind (`các xã A, B`), then the other parents of the same
    /// province (`huyện C`), then other provinces (`tỉnh D`).
    pub(crate) fn neighbour_phrases(&self, code: &UnitCode) -> Vec<String> {
        let Some(me) = self.live.get(code) else {
            return Vec::new();
        };
        let my_province = self.ancestor(code, Level::Province);
        let mut same: Vec<(UnitKind, String)> = Vec::new();
        let mut parents: BTreeSet<UnitCode> = BTreeSet::new();
        let mut provinces: BTreeSet<UnitCode> = BTreeSet::new();
        for nb in self.neighbours(code) {
            let Some(l) = self.live.get(&nb) else {
                continue;
            };
            let province = self.ancestor(&nb, Level::Province);
            if province != my_province {
                provinces.extend(province);
            } else if l.parent == me.parent {
                same.push((l.kind, l.name.clone()));
            } else {
                parents.extend(l.parent.clone());
            }
        }
        let as_list = |codes: &BTreeSet<UnitCode>| -> Vec<(UnitKind, String)> {
            codes
                .iter()
                .filter_map(|c| self.live.get(c).map(|l| (l.kind, l.name.clone())))
                .collect()
        };
        let mut out = grouped(&same);
        out.extend(grouped(&as_list(&parents)));
        out.extend(grouped(&as_list(&provinces)));
        out
    }

    /// Live units of `level` under `parent` counted by kind, in the order
    /// of `kinds`.
    ///
    /// # Complexity
    /// O(children of `parent`), through the children index.
    pub(crate) fn count_children(
        &self,
        parent: &UnitCode,
        level: Level,
        kinds: &[UnitKind],
    ) -> Vec<u32> {
        let mut out = vec![0u32; kinds.len()];
        for c in self.children.get(parent).into_iter().flatten() {
            if let Some(l) = self.live.get(c)
                && l.level == level
                && let Some(i) = kinds.iter().position(|k| *k == l.kind)
            {
                out[i] += 1;
            }
        }
        out
    }

    /// Live units of `level` inside `province` counted by kind.
    ///
    /// # Complexity
    /// O(units of the province): its descendants, through the children index.
    pub(crate) fn count_in_province(
        &self,
        province: &UnitCode,
        level: Level,
        kinds: &[UnitKind],
    ) -> Vec<u32> {
        let mut out = vec![0u32; kinds.len()];
        let mut stack: Vec<(&UnitCode, usize)> = vec![(province, 0)];
        while let Some((c, depth)) = stack.pop() {
            let Some(l) = self.live.get(c) else { continue };
            if l.level == level
                && let Some(i) = kinds.iter().position(|k| *k == l.kind)
            {
                out[i] += 1;
            }
            if depth < 3 {
                stack.extend(
                    self.children
                        .get(c)
                        .into_iter()
                        .flatten()
                        .map(|k| (k, depth + 1)),
                );
            }
        }
        out
    }

    /// Live districts of `province`, in code order.
    pub(crate) fn districts_of(&self, province: &UnitCode) -> Vec<UnitCode> {
        self.children
            .get(province)
            .into_iter()
            .flatten()
            .filter(|c| {
                self.live
                    .get(*c)
                    .is_some_and(|l| l.level == Level::District)
            })
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_in_a_resolution() {
        assert_eq!(
            phrase(UnitKind::ThiTran, "Thị Trấn Hoa Sơn"),
            "thị trấn Hoa Sơn"
        );
        assert_eq!(capitalized("xã Tà Chải"), "Xã Tà Chải");
        let g = grouped(&[
            (UnitKind::Xa, "Xã A".into()),
            (UnitKind::ThiTran, "Thị trấn B".into()),
            (UnitKind::Xa, "Xã C".into()),
        ]);
        assert_eq!(g, vec!["các xã A, C", "thị trấn B"]);
        assert_eq!(and_list(&g), "các xã A, C và thị trấn B");
        assert_eq!(and_list(&["x".to_string()]), "x");
    }
}

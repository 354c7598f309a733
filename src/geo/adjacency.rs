//! Adjacency from polygons: which units of a coverage share a border, and
//! how long it is — the `adjacency.csv` of a dataset (`reorg adjacency`),
//! built from a province's own polygons.
//!
//! The polygons are a coverage whose neighbours share their border vertex
//! for vertex (the shipped files were simplified as a coverage, see
//! `data/vn/README.md`; the same assumption as [`super::dissolve()`]). So
//! the common boundary of two units is exactly the set of edges that occur
//! in both, found without any geometric intersection:
//!
//! 1. quantise every ring to 1e-5 degree ([`super::ring::quantise_ring`]) and
//!    list each edge as an undirected key (smaller end first) with its unit;
//! 2. sort the keys: an edge shared by two units appears twice in a row;
//! 3. add each shared edge's length to the pair of units, in km on the
//!    sphere ([`edge_km`]);
//! 4. keep the pairs sharing at least [`MIN_SHARED_KM`] (a border of a few
//!    metres is a corner touch or vertex noise, as in the shipped data).
//!
//! District pairs are the sums of the commune pairs whose communes lie in
//! two districts (`district_code` of the features), as the shipped file
//! builds them.
//!
//! Edges that do not match vertex for vertex (two neighbours digitised
//! separately) are not found: such a border is missed, never invented.
//!
//! # Complexity
//! O(E log E) for E edges of all rings (the sort), plus O(P log P) for P
//! pairs.

use std::collections::BTreeMap;

use super::KM_PER_DEGREE;
use super::geojson::{Feature, LonLat};
use super::ring::{Pt, degrees, quantise_ring};

/// Pairs sharing less border than this (km) are left out: corner touches
/// and vertex noise. The shipped 2019 pairs leave out less than 20 m of
/// full-resolution border (`data/vn/README.md`); on the simplified shipped
/// coverage, 10 m keeps 23 more of the shipped 2023 pairs than 20 m and
/// still adds none that the shipped file lacks (measured on the 63 files;
/// at 5 m, 16 pairs absent from the shipped file appear).
pub const MIN_SHARED_KM: f64 = 0.010;

/// The level of an adjacency pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PairLevel {
    /// Two communes.
    Commune,
    /// Two districts.
    District,
}

impl PairLevel {
    /// The `level` column's value (`commune`, `district`).
    pub fn as_str(self) -> &'static str {
        match self {
            PairLevel::Commune => "commune",
            PairLevel::District => "district",
        }
    }
}

/// One row of `adjacency.csv`: two units (`a < b`) and their shared border.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The smaller code.
    pub a: String,
    /// The larger code.
    pub b: String,
    /// Both codes' level.
    pub level: PairLevel,
    /// Length of the common boundary, km.
    pub km: f64,
}

/// Length in km of the segment p–q (degrees): the equirectangular distance
/// at the segment's mean latitude on the mean Earth sphere. For segments of
/// a few km its error is far below the 1e-5° (≈ 1 m) of the coordinates.
pub fn edge_km(p: LonLat, q: LonLat) -> f64 {
    let lat = (0.5 * (p.1 + q.1)).to_radians();
    let dx = (q.0 - p.0) * lat.cos();
    let dy = q.1 - p.1;
    dx.hypot(dy) * KM_PER_DEGREE
}

/// The adjacency of the units of `features` (one or several provinces):
/// commune pairs sorted by codes, then district pairs sorted by codes,
/// pairs sharing less than `min_km` left out. A feature without
/// `district_code` takes part in commune pairs only.
///
/// # Complexity
/// O(E log E) for E ring edges.
pub fn adjacency(features: &[&Feature], min_km: f64) -> Vec<Pair> {
    // (edge, unit) for every edge of every ring.
    let mut edges: Vec<((Pt, Pt), u32)> = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let Ok(unit) = u32::try_from(i) else { break };
        for ring in f.polygons.iter().flatten() {
            let r = quantise_ring(ring);
            let n = r.len();
            if n < 2 {
                continue;
            }
            for k in 0..n {
                let (p, q) = (r[k], r[(k + 1) % n]);
                if p != q {
                    edges.push(((p.min(q), p.max(q)), unit));
                }
            }
        }
    }
    edges.sort_unstable();
    let mut km: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    let mut start = 0;
    while start < edges.len() {
        let key = edges[start].0;
        let mut end = start + 1;
        while end < edges.len() && edges[end].0 == key {
            end += 1;
        }
        if end - start > 1 {
            let len = edge_km(degrees(key.0), degrees(key.1));
            let run = &edges[start..end];
            for (x, &(_, u)) in run.iter().enumerate() {
                for &(_, v) in &run[x + 1..] {
                    if u != v {
                        *km.entry((u.min(v), u.max(v))).or_insert(0.0) += len;
                    }
                }
            }
        }
        start = end;
    }
    let ordered = |a: &str, b: &str| {
        if a <= b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        }
    };
    let mut communes: BTreeMap<(String, String), f64> = BTreeMap::new();
    for ((u, v), len) in km {
        let (fu, fv) = (features[u as usize], features[v as usize]);
        if fu.code != fv.code {
            *communes.entry(ordered(&fu.code, &fv.code)).or_insert(0.0) += len;
        }
    }
    communes.retain(|_, len| *len >= min_km);
    let district: BTreeMap<&str, &str> = features
        .iter()
        .filter(|f| !f.district_code.is_empty())
        .map(|f| (f.code.as_str(), f.district_code.as_str()))
        .collect();
    let mut districts: BTreeMap<(String, String), f64> = BTreeMap::new();
    for ((a, b), len) in &communes {
        if let (Some(da), Some(db)) = (district.get(a.as_str()), district.get(b.as_str()))
            && da != db
        {
            *districts.entry(ordered(da, db)).or_insert(0.0) += len;
        }
    }
    let rows = |m: BTreeMap<(String, String), f64>, level| {
        m.into_iter()
            .map(move |((a, b), km)| Pair { a, b, level, km })
    };
    rows(communes, PairLevel::Commune)
        .chain(rows(districts, PairLevel::District))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(code: &str, district: &str, x0: f64, y0: f64, d: f64) -> Feature {
        Feature {
            code: code.to_string(),
            name: String::new(),
            district_code: district.to_string(),
            polygons: vec![vec![vec![
                (x0, y0),
                (x0 + d, y0),
                (x0 + d, y0 + d),
                (x0, y0 + d),
                (x0, y0),
            ]]],
        }
    }

    #[test]
    fn neighbours_share_their_common_edge_and_corners_do_not_count() {
        // A | B side by side (0.01° apart); C touches B only at a corner.
        let a = square("00002", "001", 105.0, 0.0, 0.01);
        let b = square("00001", "002", 105.01, 0.0, 0.01);
        let c = square("00003", "002", 105.02, 0.01, 0.01);
        let pairs = adjacency(&[&a, &b, &c], MIN_SHARED_KM);
        assert_eq!(pairs.len(), 2, "{pairs:?}");
        assert_eq!(
            (pairs[0].a.as_str(), pairs[0].b.as_str()),
            ("00001", "00002")
        );
        assert_eq!(pairs[0].level, PairLevel::Commune);
        // 0.01° of latitude on the sphere.
        assert!((pairs[0].km - 0.01 * KM_PER_DEGREE).abs() < 1e-9);
        assert_eq!((pairs[1].a.as_str(), pairs[1].b.as_str()), ("001", "002"));
        assert_eq!(pairs[1].level, PairLevel::District);
        assert!((pairs[1].km - pairs[0].km).abs() < 1e-12);
    }

    #[test]
    fn short_borders_are_left_out_and_multipolygons_sum() {
        let a = square("1", "", 105.0, 0.0, 0.00005); // 5.6 m side
        let b = square("2", "", 105.00005, 0.0, 0.00005);
        assert!(adjacency(&[&a, &b], MIN_SHARED_KM).is_empty());
        assert_eq!(adjacency(&[&a, &b], 0.0).len(), 1);
        // Two features of one code (a MultiPolygon split) add up.
        let b1 = square("2", "", 105.00005, 0.0, 0.00005);
        let b2 = square("2", "", 104.99995, 0.0, 0.00005);
        let p = adjacency(&[&a, &b1, &b2], 0.0);
        assert_eq!(p.len(), 1);
        assert!((p[0].km - 2.0 * 0.00005 * KM_PER_DEGREE).abs() < 1e-9);
    }

    #[test]
    fn edge_length_scales_longitude_by_latitude() {
        let at_equator = edge_km((105.0, 0.0), (106.0, 0.0));
        let at_60 = edge_km((105.0, 60.0), (106.0, 60.0));
        assert!((at_equator - KM_PER_DEGREE).abs() < 1e-9);
        assert!((at_60 - KM_PER_DEGREE / 2.0).abs() < 1e-6);
    }
}

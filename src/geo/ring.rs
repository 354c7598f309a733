//! Exact integer primitives for rings: quantisation to 1e-5 degree, signed
//! area, point location and canonical rotation.
//!
//! All predicates use `i128` arithmetic on `i64` coordinates, so they are
//! exact: no epsilon, and the same input gives the same answer on every
//! machine.

use std::fmt::Write as _;

use super::geojson::LonLat;

/// Units of [`Pt`] per degree: the shipped files are rounded to 5 decimals.
pub const SCALE: f64 = 1e5;

/// A position in 1e-5 degree: (longitude, latitude) × 10⁵, rounded.
pub type Pt = (i64, i64);

/// A closed ring stored without its closing position (the last vertex joins
/// the first implicitly).
pub type Ring = Vec<Pt>;

/// Quantises a position to 1e-5 degree.
pub fn quantise((lon, lat): LonLat) -> Pt {
    // Positions are validated to |lon| ≤ 180, |lat| ≤ 90 by the parser, so
    // the products fit in i64 with room to spare.
    ((lon * SCALE).round() as i64, (lat * SCALE).round() as i64)
}

/// The position in degrees of a quantised point.
pub fn degrees((x, y): Pt) -> LonLat {
    (x as f64 / SCALE, y as f64 / SCALE)
}

/// Writes a coordinate in 1e-5 degree as a decimal with exactly 5 decimals
/// (`10559048` → `105.59048`), without going through floating point.
pub fn write_fixed5(out: &mut String, v: i64) {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    // Writing to a String cannot fail.
    let _ = write!(out, "{sign}{}.{:05}", a / 100_000, a % 100_000);
}

/// Quantises a GeoJSON ring: drops the closing position and consecutive
/// repeated points.
///
/// # Complexity
/// O(n).
pub fn quantise_ring(ring: &[LonLat]) -> Ring {
    let mut out: Ring = Vec::with_capacity(ring.len());
    for p in ring {
        let q = quantise(*p);
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

/// Cross product of `a − o` and `b − o` (positive when o→a→b turns left).
pub fn cross(o: Pt, a: Pt, b: Pt) -> i128 {
    let (ax, ay) = (i128::from(a.0 - o.0), i128::from(a.1 - o.1));
    let (bx, by) = (i128::from(b.0 - o.0), i128::from(b.1 - o.1));
    ax * by - ay * bx
}

/// Twice the signed area of a ring (shoelace), in (1e-5 degree)²: positive
/// for counter-clockwise rings (longitude east, latitude north).
///
/// # Complexity
/// O(n).
pub fn signed_area2(ring: &[Pt]) -> i128 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            i128::from(a.0) * i128::from(b.1) - i128::from(b.0) * i128::from(a.1)
        })
        .sum()
}

/// Where a point lies relative to a ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// Strictly inside.
    Inside,
    /// On an edge or a vertex.
    Boundary,
    /// Strictly outside.
    Outside,
}

/// Locates `p` relative to the ring (crossing-number test with exact
/// predicates; the ring's orientation does not matter).
///
/// # Complexity
/// O(n).
pub fn locate(p: Pt, ring: &[Pt]) -> Location {
    let n = ring.len();
    let mut inside = false;
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        if cross(a, b, p) == 0
            && p.0 >= a.0.min(b.0)
            && p.0 <= a.0.max(b.0)
            && p.1 >= a.1.min(b.1)
            && p.1 <= a.1.max(b.1)
        {
            return Location::Boundary;
        }
        // Half-open rule on y: an edge counts when it straddles the ray's y.
        if (a.1 > p.1) != (b.1 > p.1) {
            // x of the edge at y = p.y is right of p.x ⇔ sign test below.
            let c = cross(a, b, p);
            if (c > 0) == (b.1 > a.1) {
                inside = !inside;
            }
        }
    }
    if inside {
        Location::Inside
    } else {
        Location::Outside
    }
}

/// Bounding box (x_min, y_min, x_max, y_max) of a non-empty ring.
pub fn ring_bbox(ring: &[Pt]) -> (i64, i64, i64, i64) {
    ring.iter().fold(
        (i64::MAX, i64::MAX, i64::MIN, i64::MIN),
        |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
    )
}

/// Rotates a ring so that it starts at its smallest vertex (lexicographic),
/// which makes the output independent of where the ring was entered.
///
/// # Complexity
/// O(n).
pub fn canonical_start(ring: &mut [Pt]) {
    if let Some((i, _)) = ring.iter().enumerate().min_by_key(|(_, p)| **p) {
        ring.rotate_left(i);
    }
}

/// Area of a ring in km², from degrees scaled by cos(latitude) at the ring's
/// mean latitude (equirectangular; good to a fraction of a percent at the
/// size of a commune or a district, not for continents).
///
/// # Complexity
/// O(n).
pub fn ring_area_km2(ring: &[Pt]) -> f64 {
    if ring.is_empty() {
        return 0.0;
    }
    let mean_lat = ring.iter().map(|p| p.1 as f64).sum::<f64>() / ring.len() as f64 / SCALE;
    let deg2 = signed_area2(ring).unsigned_abs() as f64 / 2.0 / (SCALE * SCALE);
    deg2 * mean_lat.to_radians().cos() * KM_PER_DEGREE * KM_PER_DEGREE
}

/// Kilometres per degree of latitude on the mean Earth sphere (R = 6,371 km).
pub const KM_PER_DEGREE: f64 = 111.195;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantise_and_write_round_trip() {
        let p = quantise((105.59048, -21.00001));
        assert_eq!(p, (10_559_048, -2_100_001));
        let mut s = String::new();
        write_fixed5(&mut s, p.0);
        s.push(',');
        write_fixed5(&mut s, p.1);
        s.push(',');
        write_fixed5(&mut s, -5);
        assert_eq!(s, "105.59048,-21.00001,-0.00005");
    }

    #[test]
    fn ring_is_unclosed_and_deduplicated() {
        let r = quantise_ring(&[(0.0, 0.0), (1.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]);
        assert_eq!(r, vec![(0, 0), (100_000, 0), (100_000, 100_000)]);
    }

    #[test]
    fn area_sign_follows_orientation() {
        let ccw = vec![(0, 0), (2, 0), (2, 2), (0, 2)];
        assert_eq!(signed_area2(&ccw), 8);
        let mut cw = ccw.clone();
        cw.reverse();
        assert_eq!(signed_area2(&cw), -8);
    }

    #[test]
    fn locate_inside_boundary_outside() {
        let sq = vec![(0, 0), (4, 0), (4, 4), (0, 4)];
        assert_eq!(locate((2, 2), &sq), Location::Inside);
        assert_eq!(locate((4, 2), &sq), Location::Boundary);
        assert_eq!(locate((0, 0), &sq), Location::Boundary);
        assert_eq!(locate((5, 2), &sq), Location::Outside);
        assert_eq!(locate((2, 4), &sq), Location::Boundary);
        // A ray through a vertex is counted once.
        let diamond = vec![(2, 0), (4, 2), (2, 4), (0, 2)];
        assert_eq!(locate((1, 2), &diamond), Location::Inside);
        assert_eq!(locate((-1, 2), &diamond), Location::Outside);
        assert_eq!(locate((3, 3), &diamond), Location::Boundary);
    }

    #[test]
    fn canonical_start_rotates_to_smallest() {
        let mut r = vec![(2, 0), (2, 2), (0, 2), (0, 0)];
        canonical_start(&mut r);
        assert_eq!(r, vec![(0, 0), (2, 0), (2, 2), (0, 2)]);
    }
}

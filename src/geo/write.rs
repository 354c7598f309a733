//! Writing GeoJSON text by hand, so that the bytes are fixed: coordinates
//! with exactly 5 decimals from the integer positions, numbers with a fixed
//! number of decimals, properties in a fixed order.

use std::fmt::Write as _;

use super::dissolve::IntPolygon;
use super::ring::{Pt, write_fixed5};

/// A property value of a feature.
#[derive(Clone, Debug, PartialEq)]
pub enum Prop {
    /// A JSON string (escaped on output).
    Str(String),
    /// An integer.
    Int(u64),
    /// A number written with the given number of decimals; `null` if not finite.
    Fixed(f64, usize),
    /// A boolean.
    Bool(bool),
    /// `null` (unknown).
    Null,
}

impl Prop {
    /// `Fixed` for a known value, `Null` otherwise.
    pub fn opt_fixed(v: Option<f64>, decimals: usize) -> Prop {
        v.map_or(Prop::Null, |x| Prop::Fixed(x, decimals))
    }

    fn write(&self, out: &mut String) {
        // Writing to a String cannot fail.
        match self {
            Prop::Str(s) => write_str(out, s),
            Prop::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Prop::Fixed(x, d) if x.is_finite() => {
                let _ = write!(out, "{x:.d$}");
            }
            Prop::Fixed(..) | Prop::Null => out.push_str("null"),
            Prop::Bool(b) => {
                let _ = write!(out, "{b}");
            }
        }
    }
}

/// Writes a JSON string literal (RFC 8259 escaping, as serde_json does).
fn write_str(out: &mut String, s: &str) {
    match serde_json::to_string(s) {
        Ok(lit) => out.push_str(&lit),
        // Serialising a &str cannot fail; keep the output valid regardless.
        Err(_) => out.push_str("\"\""),
    }
}

fn write_ring(out: &mut String, ring: &[Pt]) {
    out.push('[');
    for (i, p) in ring.iter().chain(ring.first()).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        write_fixed5(out, p.0);
        out.push(',');
        write_fixed5(out, p.1);
        out.push(']');
    }
    out.push(']');
}

/// Writes a MultiPolygon geometry (closed rings, exterior first), or `null`
/// when there are no polygons.
pub fn write_geometry(out: &mut String, polygons: &[IntPolygon]) {
    if polygons.is_empty() {
        out.push_str("null");
        return;
    }
    out.push_str(r#"{"type":"MultiPolygon","coordinates":["#);
    for (i, p) in polygons.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        write_ring(out, &p.exterior);
        for h in &p.holes {
            out.push(',');
            write_ring(out, h);
        }
        out.push(']');
    }
    out.push_str("]}");
}

/// Writes one Feature with the properties in the given order.
pub fn write_feature(out: &mut String, props: &[(&str, Prop)], polygons: &[IntPolygon]) {
    out.push_str(r#"{"type":"Feature","properties":{"#);
    for (i, (k, v)) in props.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, k);
        out.push(':');
        v.write(out);
    }
    out.push_str(r#"},"geometry":"#);
    write_geometry(out, polygons);
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_text_is_exact() {
        let sq = IntPolygon {
            exterior: vec![(0, 0), (100_000, 0), (100_000, 100_000)],
            holes: vec![],
        };
        let mut s = String::new();
        write_feature(
            &mut s,
            &[
                ("name", Prop::Str("Xã \"Á\"".into())),
                ("n", Prop::Int(3)),
                ("r", Prop::Fixed(0.123_456, 4)),
                ("x", Prop::Fixed(f64::NAN, 2)),
                ("b", Prop::Bool(true)),
                ("u", Prop::opt_fixed(None, 2)),
            ],
            &[sq],
        );
        assert_eq!(
            s,
            r#"{"type":"Feature","properties":{"name":"Xã \"Á\"","n":3,"r":0.1235,"x":null,"b":true,"u":null},"geometry":{"type":"MultiPolygon","coordinates":[[[[0.00000,0.00000],[1.00000,0.00000],[1.00000,1.00000],[0.00000,0.00000]]]]}}"#
        );
        let mut e = String::new();
        write_feature(&mut e, &[], &[]);
        assert_eq!(e, r#"{"type":"Feature","properties":{},"geometry":null}"#);
    }
}

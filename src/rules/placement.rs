//! Where a unit sits: what standard selection needs to know of its parent and
//! its province.

use crate::model::{Dataset, Unit, UnitId, UnitKind};

/// The facts about a unit's parent and province that select its standard.
///
/// NQ 1211/2016 Điều 8 chooses the phường standard by the parent's kind
/// (thuộc quận / thành phố / thị xã); NQ 76/2025 Điều 5 (N3, \[S\]) chooses it
/// by the province: centrally-run city, mountainous/highland or border
/// province, or other. Unknown facts are `None`; the selection then states
/// the assumption it made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placement {
    /// Kind of the unit's parent (district or, in the two-level model, province).
    pub parent_kind: Option<UnitKind>,
    /// Kind of the unit's province (`tinh` or `thanh_pho_tw`).
    pub province_kind: Option<UnitKind>,
    /// Whether the province is mountainous/highland or has a national land
    /// border: `true` if either column is true, `false` if both are false,
    /// `None` otherwise.
    pub province_mountainous_or_border: Option<bool>,
    /// Whether `province_mountainous_or_border` was derived from the
    /// province's districts because its own row left it unknown (see
    /// [`Placement::in_dataset`]).
    pub province_from_districts: bool,
}

impl Placement {
    /// Only the parent's kind known (the NQ 35 selection).
    pub fn with_parent(parent_kind: Option<UnitKind>) -> Placement {
        Placement {
            parent_kind,
            ..Placement::default()
        }
    }

    /// The parent's kind and the province's facts, from the province's row.
    pub fn with_province(parent_kind: Option<UnitKind>, province: Option<&Unit>) -> Placement {
        Placement {
            parent_kind,
            province_kind: province.map(|p| p.kind),
            province_mountainous_or_border: province.and_then(mountainous_or_border),
            province_from_districts: false,
        }
    }

    /// The placement of unit `id` of `ds`: its parent's kind and its province.
    ///
    /// When the province's row leaves "mountainous/highland or land border"
    /// unknown (the shipped data has no province `mountainous` value), it is
    /// derived from below where the data allows: true if one of its
    /// districts has a land border, or if communes on the official
    /// mountainous list hold more than half of its area; otherwise it stays
    /// unknown. The standard then states it
    /// ([`super::Assumption::ProvinceFromDistricts`]).
    ///
    /// # Complexity
    /// O(c) for the c communes of the province.
    pub fn in_dataset(ds: &Dataset, id: UnitId) -> Placement {
        let parent_kind = ds.parent(id).map(|p| ds.unit(p).kind);
        let province_id = ds.province_of(id).filter(|p| *p != id);
        let mut at = Placement::with_province(parent_kind, province_id.map(|p| ds.unit(p)));
        if at.province_mountainous_or_border.is_none()
            && let Some(p) = province_id
        {
            at.province_mountainous_or_border = from_districts(ds, ds.children(p));
            at.province_from_districts = at.province_mountainous_or_border.is_some();
        }
        at
    }
}

/// "Mountainous/highland or land border" of a province from its districts
/// (see [`Placement::in_dataset`]): `Some(true)` when a district has a land
/// border or officially mountainous communes hold more than half of the
/// province's area; otherwise unknown. Density-proxy terrain does not count:
/// it would make Phú Yên mountainous, whose wards took the 21,000 standard
/// in 2025 (docs/legal-basis.md §4, Tuy Hòa).
fn from_districts(ds: &Dataset, districts: &[UnitId]) -> Option<bool> {
    let mut border = false;
    let (mut area, mut official) = (0.0, 0.0);
    for d in districts {
        border |= ds.unit(*d).attrs.land_border == Some(true);
        for c in ds.children(*d) {
            let u = ds.unit(*c);
            let a = u.area_km2.unwrap_or(0.0);
            area += a;
            if u.attrs.mountainous == Some(true)
                && u.attrs.mountainous_basis.as_deref() == Some(OFFICIAL_BASIS)
            {
                official += a;
            }
        }
    }
    (border || (area > 0.0 && official * 2.0 > area)).then_some(true)
}

/// The `mountainous_basis` value of an official classification.
const OFFICIAL_BASIS: &str = "official_list";

/// `true` if the unit is mountainous or has a land border, `false` if both
/// are known false, `None` otherwise.
fn mountainous_or_border(u: &Unit) -> Option<bool> {
    match (u.attrs.mountainous, u.attrs.land_border) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attributes, UnitCode};

    fn province(mountainous: Option<bool>, border: Option<bool>) -> Unit {
        Unit {
            code: UnitCode::from("01"),
            name: "Tỉnh A".into(),
            level: UnitKind::Tinh.level(),
            kind: UnitKind::Tinh,
            parent_code: None,
            area_km2: None,
            population: None,
            region: None,
            attrs: Attributes {
                mountainous,
                land_border: border,
                ..Attributes::default()
            },
        }
    }

    #[test]
    fn either_flag_true_makes_the_province_qualify() {
        let f = |m, b| Placement::with_province(None, Some(&province(m, b)));
        assert_eq!(
            f(Some(true), None).province_mountainous_or_border,
            Some(true)
        );
        assert_eq!(
            f(None, Some(true)).province_mountainous_or_border,
            Some(true)
        );
        assert_eq!(
            f(Some(false), Some(false)).province_mountainous_or_border,
            Some(false)
        );
        assert_eq!(f(None, Some(false)).province_mountainous_or_border, None);
        assert_eq!(f(None, None).province_kind, Some(UnitKind::Tinh));
        assert_eq!(Placement::with_parent(None), Placement::default());
    }
}

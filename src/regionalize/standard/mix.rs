//! [`Mix`]: what a region's standard depends on besides its population and
//! area, combined by sums, counts, minimum and maximum; and the flag
//! encodings shared with the standard table.

use crate::model::Unit;

/// Attributes of a set of units that decide its standard under a rule set,
/// combined by sums, counts, minimum and maximum (so a region's mix is the
/// sum of its units' mixes, in any order).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Mix {
    /// Number of units.
    pub units: u32,
    /// Smallest problem index (its placement is the region's).
    pub first: u32,
    /// Rank of the merged kind (index into [`RuleStandard`]'s kinds, by precedence).
    pub kind: u8,
    /// Area of members known to be mountainous.
    pub mountain_area: f64,
    /// Members whose mountainous flag is known.
    pub mountain_known: u32,
    /// Members with a land border / with the flag known.
    pub border: (u32, u32),
    /// Members that are coastal poor / with the flag known.
    pub coastal: (u32, u32),
    /// Members on an island / with the flag known.
    pub island: (u32, u32),
    /// Members with a known ethnic-minority share.
    pub eth_known: u32,
    /// Σ share × population and Σ population over those members.
    pub eth: (f64, f64),
    /// Smallest problem index with a known share (the fallback when all
    /// those members have population 0, as in the planner).
    pub eth_first: u32,
    /// Members exempt from the standards (isolated, so only alone).
    pub exempt: u32,
}

impl Mix {
    /// The mix of `self` and `o` together.
    ///
    /// Inlined: it runs once per node added to a region in the exact search
    /// (about 15% of a national `--rules` run when it was a call).
    #[inline]
    pub fn add(&self, o: &Mix) -> Mix {
        if self.units == 0 {
            return *o;
        }
        if o.units == 0 {
            return *self;
        }
        Mix {
            units: self.units + o.units,
            first: self.first.min(o.first),
            kind: self.kind.max(o.kind),
            mountain_area: self.mountain_area + o.mountain_area,
            mountain_known: self.mountain_known + o.mountain_known,
            border: (self.border.0 + o.border.0, self.border.1 + o.border.1),
            coastal: (self.coastal.0 + o.coastal.0, self.coastal.1 + o.coastal.1),
            island: (self.island.0 + o.island.0, self.island.1 + o.island.1),
            eth_known: self.eth_known + o.eth_known,
            eth: (self.eth.0 + o.eth.0, self.eth.1 + o.eth.1),
            eth_first: self.eth_first.min(o.eth_first),
            exempt: self.exempt + o.exempt,
        }
    }

    /// The mix of one unit, index `i`, of `kind_rank`.
    pub(super) fn of_unit(i: u32, u: &Unit, kind_rank: u8, exempt: bool) -> Mix {
        let a = &u.attrs;
        let flag = |f: Option<bool>| (u32::from(f == Some(true)), u32::from(f.is_some()));
        Mix {
            units: 1,
            first: i,
            kind: kind_rank,
            mountain_area: if a.mountainous == Some(true) {
                u.area_km2.unwrap_or(0.0)
            } else {
                0.0
            },
            mountain_known: u32::from(a.mountainous.is_some()),
            border: flag(a.land_border),
            coastal: flag(a.coastal_poor),
            island: flag(a.island),
            eth_known: u32::from(a.ethnic_minority_share.is_some()),
            eth: a.ethnic_minority_share.map_or((0.0, 0.0), |s| {
                let w = u.population.unwrap_or(0) as f64;
                (s * w, w)
            }),
            eth_first: if a.ethnic_minority_share.is_some() {
                i
            } else {
                u32::MAX
            },
            exempt: u32::from(exempt),
        }
    }

    /// The merged profile's mountainous flag: known when a member's is, true
    /// when mountainous members hold more than half of the area `area`.
    pub(super) fn mountainous(&self, area: f64) -> Option<bool> {
        (self.mountain_known > 0).then_some(self.mountain_area * 2.0 > area)
    }
}

/// "Any member" flag: true if one is, unknown if none is known.
pub(super) fn any_flag((yes, known): (u32, u32)) -> Option<bool> {
    (known > 0).then_some(yes > 0)
}

/// "Every member" flag: true if all are, unknown if none is known.
pub(super) fn all_flag((yes, known): (u32, u32), units: u32) -> Option<bool> {
    (known > 0).then_some(yes == units)
}

/// Index 0, 1, 2 of an unknown, false, true flag.
pub(super) fn tri(f: Option<bool>) -> usize {
    match f {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    }
}

pub(super) const TRI: [Option<bool>; 3] = [None, Some(false), Some(true)];

/// Flag combinations per (placement, kind): mountainous, border, coastal, island.
pub(super) const COMBOS: usize = 81;

//! A synthetic national-like dataset of any size, for resource tests.
//!
//! Communes are the cells of a square grid (`scale` = 1 gives ≈ 10,600
//! communes, the size of the 2023 national list; `scale` = 10 gives ≈ 106,000).
//! The grid is cut into districts of 2–6 rows × 2–6 columns (bands of rows,
//! each cut into runs of columns: ≈ 15 communes per district, like the real
//! ≈ 15), and districts into provinces by a coarse 13 × 13 grid (≈ 12
//! districts per province). Adjacency is planar: the four grid neighbours
//! plus one random diagonal per 2 × 2 block (a jittered triangulation), with
//! 3 % of the edges dropped (rivers, bays). Areas and populations are
//! log-normal; 10 % of the districts are cities (thành phố) of wards
//! (phường). The parameters give ≈ 20 % phase-1 targets among communes
//! (`tests/reliability_bounds.rs` checks the share).
//!
//! Deterministic: the same `(scale, seed)` gives the same dataset.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use reorg::model::{Attributes, Dataset, Level, Unit, UnitCode, UnitKind};

/// SplitMix64: a small, good-enough deterministic generator (no dependency).
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform integer in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    /// Log-normal with the given median and σ of the logarithm (Box–Muller).
    pub fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        let u1 = self.unit().max(1e-12);
        let u2 = self.unit();
        let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
        median * (sigma * z).exp()
    }
}

/// A generated dataset, before it is built into a [`Dataset`].
pub struct Synth {
    /// Provinces, districts and communes.
    pub units: Vec<Unit>,
    /// Adjacent pairs (communes and districts), `a < b`, with the border in km.
    pub pairs: Vec<(UnitCode, UnitCode, f64)>,
    /// Number of provinces, districts, communes.
    pub counts: (usize, usize, usize),
}

fn unit(
    code: String,
    name: String,
    level: Level,
    kind: UnitKind,
    parent: Option<&str>,
    area: f64,
    pop: u64,
) -> Unit {
    Unit {
        code: UnitCode(code),
        name,
        level,
        kind,
        parent_code: parent.map(UnitCode::from),
        area_km2: Some(area),
        population: Some(pop),
        region: None,
        attrs: Attributes::default(),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Generates a dataset `scale` times the national size.
///
/// # Complexity
/// O(n log n) for n communes.
pub fn generate(scale: f64, seed: u64) -> Synth {
    let mut rng = Rng::new(seed);
    let side = (10_600.0 * scale).sqrt().round() as usize;
    // District of each cell: bands of rows, each cut into runs of columns.
    let mut district_of = vec![usize::MAX; side * side];
    let mut districts: Vec<(usize, usize)> = Vec::new(); // top-left cell
    let mut r0 = 0;
    while r0 < side {
        let h = rng.range(2, 6).min(side - r0);
        let mut c0 = 0;
        while c0 < side {
            let w = rng.range(2, 6).min(side - c0);
            let d = districts.len();
            districts.push((r0, c0));
            for r in r0..r0 + h {
                for c in c0..c0 + w {
                    district_of[r * side + c] = d;
                }
            }
            c0 += w;
        }
        r0 += h;
    }
    // Province of each district: the coarse 13 × 13 cell of its top-left corner.
    let mut province_index: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut province_of = Vec::with_capacity(districts.len());
    for &(r, c) in &districts {
        let key = (r / 13, c / 13);
        let next = province_index.len();
        province_of.push(*province_index.entry(key).or_insert(next));
    }
    // Provinces are numbered in row-major order of their coarse cell.
    let order: BTreeMap<usize, usize> = province_index
        .values()
        .enumerate()
        .map(|(rank, &p)| (p, rank))
        .collect();
    let province_of: Vec<usize> = province_of.iter().map(|p| order[p]).collect();
    let n_prov = province_index.len();
    let city: Vec<bool> = (0..districts.len()).map(|_| rng.unit() < 0.10).collect();

    // Communes, numbered district by district.
    let mut cells_of: Vec<Vec<usize>> = vec![Vec::new(); districts.len()];
    for (cell, &d) in district_of.iter().enumerate() {
        cells_of[d].push(cell);
    }
    let mut commune_code = vec![String::new(); side * side];
    let mut units = Vec::new();
    let mut d_area = vec![0.0; districts.len()];
    let mut d_pop = vec![0u64; districts.len()];
    let mut n = 0;
    for (d, cells) in cells_of.iter().enumerate() {
        for &cell in cells {
            n += 1;
            let code = format!("{n:06}");
            let (kind, area, pop) = if city[d] {
                (
                    UnitKind::Phuong,
                    rng.log_normal(4.5, 0.9),
                    rng.log_normal(8_000.0, 0.6),
                )
            } else {
                (
                    UnitKind::Xa,
                    rng.log_normal(20.0, 0.8),
                    rng.log_normal(7_000.0, 0.55),
                )
            };
            let area = round2(area.max(0.05));
            let pop = pop.round().max(50.0) as u64;
            d_area[d] += area;
            d_pop[d] += pop;
            let prefix = if kind == UnitKind::Xa {
                "Xã"
            } else {
                "Phường"
            };
            units.push(unit(
                code.clone(),
                format!("{prefix} S{n}"),
                Level::Commune,
                kind,
                Some(&format!("{:04}", d + 1)),
                area,
                pop,
            ));
            commune_code[cell] = code;
        }
    }
    let mut p_area = vec![0.0; n_prov];
    let mut p_pop = vec![0u64; n_prov];
    for d in 0..districts.len() {
        let p = province_of[d];
        p_area[p] += d_area[d];
        p_pop[p] += d_pop[d];
        let (kind, prefix) = if city[d] {
            (UnitKind::ThanhPho, "Thành phố")
        } else {
            (UnitKind::Huyen, "Huyện")
        };
        units.push(unit(
            format!("{:04}", d + 1),
            format!("{prefix} S{}", d + 1),
            Level::District,
            kind,
            Some(&format!("{:03}", p + 1)),
            round2(d_area[d]),
            d_pop[d],
        ));
    }
    for p in 0..n_prov {
        units.push(unit(
            format!("{:03}", p + 1),
            format!("Tỉnh S{}", p + 1),
            Level::Province,
            UnitKind::Tinh,
            None,
            round2(p_area[p]),
            p_pop[p],
        ));
    }

    // Adjacency: grid neighbours and one diagonal per 2 × 2 block, 3 % dropped.
    let mut pairs = Vec::new();
    let mut district_border: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut add = |rng: &mut Rng, a: usize, b: usize, km: f64| {
        if rng.unit() < 0.03 {
            return;
        }
        let km = (km * 1000.0).round() / 1000.0;
        let (ca, cb) = (&commune_code[a], &commune_code[b]);
        let (ca, cb) = if ca < cb { (ca, cb) } else { (cb, ca) };
        pairs.push((UnitCode(ca.clone()), UnitCode(cb.clone()), km));
        let (da, db) = (district_of[a], district_of[b]);
        if da != db {
            *district_border.entry((da.min(db), da.max(db))).or_default() += km;
        }
    };
    for r in 0..side {
        for c in 0..side {
            let cell = r * side + c;
            if c + 1 < side {
                let km = 0.5 + 3.0 * rng.unit();
                add(&mut rng, cell, cell + 1, km);
            }
            if r + 1 < side {
                let km = 0.5 + 3.0 * rng.unit();
                add(&mut rng, cell, cell + side, km);
            }
            if r + 1 < side && c + 1 < side {
                let km = 0.1 + 0.4 * rng.unit();
                if rng.unit() < 0.5 {
                    add(&mut rng, cell, cell + side + 1, km);
                } else {
                    add(&mut rng, cell + 1, cell + side, km);
                }
            }
        }
    }
    for ((a, b), km) in district_border {
        pairs.push((
            UnitCode(format!("{:04}", a + 1)),
            UnitCode(format!("{:04}", b + 1)),
            (km * 1000.0).round() / 1000.0,
        ));
    }
    Synth {
        units,
        pairs,
        counts: (n_prov, districts.len(), n),
    }
}

impl Synth {
    /// The validated dataset.
    pub fn dataset(&self) -> Dataset {
        Dataset::new(self.units.clone(), self.pairs.clone())
    }

    /// Writes `units.csv` and `adjacency.csv` into `dir` (created), in the
    /// loader's format, for runs of the binary.
    pub fn write_csv(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let mut units = String::from("code,name,level,kind,parent_code,area_km2,population\n");
        let mut sorted: Vec<&Unit> = self.units.iter().collect();
        sorted.sort_by(|a, b| a.code.cmp(&b.code));
        for u in sorted {
            writeln!(
                units,
                "{},{},{},{},{},{:.2},{}",
                u.code,
                u.name,
                u.level.as_str(),
                u.kind.as_str(),
                u.parent_code.as_ref().map_or("", |c| c.as_str()),
                u.area_km2.unwrap_or(0.0),
                u.population.unwrap_or(0)
            )
            .expect("writing to a String");
        }
        std::fs::write(dir.join("units.csv"), units)?;
        let level_of = |c: &UnitCode| {
            if c.0.len() == 6 {
                "commune"
            } else {
                "district"
            }
        };
        let mut adj = String::from("code_a,code_b,level,shared_border_km\n");
        for (a, b, km) in &self.pairs {
            writeln!(adj, "{a},{b},{},{km:.3}", level_of(a)).expect("writing to a String");
        }
        std::fs::write(dir.join("adjacency.csv"), adj)
    }
}

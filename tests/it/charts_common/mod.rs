//! Sample chart inputs built from the real Vĩnh Phúc (province 26) data, with
//! a simplified stand-in for the legal assessment (the real one lives in
//! `assess`): enough to exercise the charts on realistic shapes and names.

#![allow(clippy::unwrap_used, dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use reorg::charts::{
    ChartStatus, DistrictCounts, MapData, MapGroup, MergesPerYear, QuadrantData, QuadrantPoint,
    StaffSurplus, SurplusYear, UnitsPerDistrict, YearMerges,
};
use reorg::geo::ProvinceGeometry;
use reorg::model::{Level, Phase, UnitCode};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Commune {
    pub code: String,
    pub name: String,
    pub district: String,
    pub area_pct: f64,
    pub pop_pct: f64,
    pub status: ChartStatus,
}

/// Communes of Vĩnh Phúc with area/population as % of a simplified
/// standard (xã: 21 km² Red River Delta / 8,000; phường: 5.5 km² / 7,000;
/// thị trấn: 14 km² / 8,000).
pub fn vinh_phuc() -> (Vec<Commune>, BTreeMap<String, String>) {
    let mut rdr = csv::Reader::from_path(root().join("data/vn/2023/units.csv")).unwrap();
    let mut districts = BTreeMap::new();
    let mut rows = Vec::new();
    for r in rdr.records() {
        let r = r.unwrap();
        if r[2] == *"district" && r[4] == *"26" {
            districts.insert(r[0].to_string(), r[1].to_string());
        }
        rows.push(r);
    }
    let mut out = Vec::new();
    for r in rows {
        if r[2] != *"commune" || !districts.contains_key(&r[4]) {
            continue;
        }
        let (a_std, p_std) = match &r[3] {
            "phuong" => (5.5, 7000.0),
            "thi_tran" => (14.0, 8000.0),
            _ => (21.0, 8000.0),
        };
        let area: f64 = r[5].parse().unwrap_or(f64::NAN);
        let pop: f64 = r[6].parse().unwrap_or(f64::NAN);
        let (a, p) = (100.0 * area / a_std, 100.0 * pop / p_std);
        let status = if (a < 70.0 && p < 70.0) || (a < 20.0 && p < 300.0) {
            ChartStatus::Mandatory
        } else if a >= 100.0 && p >= 100.0 {
            ChartStatus::MeetsStandard
        } else {
            ChartStatus::BelowStandard
        };
        out.push(Commune {
            code: r[0].to_string(),
            name: r[1].to_string(),
            district: r[4].to_string(),
            area_pct: a,
            pop_pct: p,
            status,
        });
    }
    // Two fake exemptions, so the exempt class is drawn.
    for c in out
        .iter_mut()
        .filter(|c| c.status == ChartStatus::Mandatory)
        .take(2)
    {
        c.status = ChartStatus::Exempt;
    }
    (out, districts)
}

pub fn quadrant() -> QuadrantData {
    let (communes, _) = vinh_phuc();
    let points = communes
        .iter()
        .map(|c| QuadrantPoint {
            code: UnitCode(c.code.clone()),
            name: c.name.clone(),
            area_pct: c.area_pct,
            population_pct: c.pop_pct,
            status: c.status,
        })
        .collect();
    QuadrantData::new(
        "Tỉnh Vĩnh Phúc — cấp xã, giai đoạn 2023–2025",
        points,
        &reorg::rules::RuleSet::builtin("nq35-2023").unwrap(),
        Phase::Phase2023To2025,
        Level::Commune,
    )
}

/// Fake merge groups: each mandatory commune with its first free neighbour
/// in the same district (from adjacency.csv).
pub fn groups() -> Vec<(String, Vec<String>, u16)> {
    let (communes, _) = vinh_phuc();
    let by_code: BTreeMap<&str, &Commune> = communes.iter().map(|c| (c.code.as_str(), c)).collect();
    let mut adj: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rdr = csv::Reader::from_path(root().join("data/vn/2023/adjacency.csv")).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        if by_code.contains_key(&r[0]) && by_code.contains_key(&r[1]) {
            adj.entry(r[0].to_string())
                .or_default()
                .push(r[1].to_string());
            adj.entry(r[1].to_string())
                .or_default()
                .push(r[0].to_string());
        }
    }
    let mut used = BTreeSet::new();
    let mut out = Vec::new();
    for c in communes
        .iter()
        .filter(|c| c.status == ChartStatus::Mandatory)
    {
        if used.contains(&c.code) {
            continue;
        }
        let partner = adj.get(&c.code).and_then(|ns| {
            ns.iter().find(|n| {
                !used.contains(*n)
                    && by_code[n.as_str()].district == c.district
                    && by_code[n.as_str()].status != ChartStatus::Exempt
            })
        });
        if let Some(p) = partner {
            used.insert(c.code.clone());
            used.insert(p.clone());
            let year = 2024 + (out.len() % 2) as u16;
            out.push((c.name.clone(), vec![c.code.clone(), p.clone()], year));
        }
    }
    out
}

pub fn map_data() -> MapData {
    let (communes, _) = vinh_phuc();
    MapData {
        subtitle: "Tỉnh Vĩnh Phúc — phương án minh họa".into(),
        groups: groups()
            .into_iter()
            .map(|(name, members, _)| MapGroup {
                name,
                members: members.into_iter().map(UnitCode).collect(),
                class: 0,
                district: String::new(),
            })
            .collect(),
        exempt: communes
            .iter()
            .filter(|c| c.status == ChartStatus::Exempt)
            .map(|c| UnitCode(c.code.clone()))
            .collect(),
        ..MapData::default()
    }
}

pub fn geometry() -> ProvinceGeometry {
    ProvinceGeometry::load(&root().join("data/vn/2023/geometry/26.geojson")).unwrap()
}

pub fn district_counts() -> UnitsPerDistrict {
    let (communes, districts) = vinh_phuc();
    let groups = groups();
    let rows = districts
        .iter()
        .map(|(code, name)| {
            let before = communes.iter().filter(|c| &c.district == code).count() as u32;
            let merged = groups
                .iter()
                .filter(|(_, m, _)| {
                    communes
                        .iter()
                        .any(|c| c.code == m[0] && &c.district == code)
                })
                .count() as u32;
            DistrictCounts {
                name: name.clone(),
                before,
                after_p1: before - merged,
                after_p2: Some(before - merged - merged / 2),
                note: None,
            }
        })
        .collect();
    UnitsPerDistrict {
        subtitle: "Tỉnh Vĩnh Phúc — cấp xã".into(),
        rows,
    }
}

pub fn merges_per_year() -> MergesPerYear {
    let (communes, districts) = vinh_phuc();
    let mut per: BTreeMap<u16, BTreeMap<String, u32>> = BTreeMap::new();
    for (_, members, year) in groups() {
        let d = &communes
            .iter()
            .find(|c| c.code == members[0])
            .unwrap()
            .district;
        *per.entry(year)
            .or_default()
            .entry(districts[d].clone())
            .or_default() += 1;
    }
    MergesPerYear {
        subtitle: "Tỉnh Vĩnh Phúc — cấp xã".into(),
        by_province: false,
        years: per
            .into_iter()
            .map(|(year, m)| YearMerges {
                year,
                by_district: m.into_iter().collect(),
            })
            .collect(),
    }
}

pub fn surplus() -> StaffSurplus {
    StaffSurplus {
        subtitle: "Tỉnh Vĩnh Phúc — cấp xã".into(),
        years: vec![
            SurplusYear {
                year: 2024,
                cadres: 210,
                parttime: 150,
            },
            SurplusYear {
                year: 2025,
                cadres: 380,
                parttime: 260,
            },
            SurplusYear {
                year: 2026,
                cadres: 300,
                parttime: 190,
            },
            SurplusYear {
                year: 2027,
                cadres: 190,
                parttime: 100,
            },
            SurplusYear {
                year: 2028,
                cadres: 80,
                parttime: 20,
            },
            SurplusYear {
                year: 2029,
                cadres: 0,
                parttime: 0,
            },
        ],
    }
}

/// Writes a file for manual inspection when `REORG_SAMPLES_DIR` is set.
pub fn maybe_save(name: &str, bytes: &[u8]) {
    if let Ok(dir) = std::env::var("REORG_SAMPLES_DIR") {
        let p = Path::new(&dir).join(name);
        std::fs::create_dir_all(Path::new(&dir)).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

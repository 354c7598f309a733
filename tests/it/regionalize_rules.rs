//! `reorg regionalize --rules`: the standard of every region is the one a
//! rule set gives the unit the region would become.
//!
//! 1. On the national data (2023), `RuleStandard::region_standard` agrees
//!    with the planner's own route (`merged_profile` then `standard_at`,
//!    placed where the region's first unit sits) on thousands of random
//!    connected groups, for `nq76-2025` within provinces and `nq35-2023`
//!    within districts.
//! 2. The same on a small dataset with ethnic-minority shares (the slow,
//!    non-tabulated path), for every connected subset.
//! 3. The binary: CSV columns of the standard, usage errors.
//!
//! The solver's exactness under rules is in `regionalize_rules_exact.rs`.

use crate::regionalize_common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use approx::assert_relative_eq;
use regionalize_common::{Lcg, Std, UNITS_HEADER, connected, planner_standard, totals};
use reorg::io::{load_dir, load_from_bytes};
use reorg::model::{ArrangedIn, Dataset, Level, Unit, UnitCode, UnitKind};
use reorg::pipeline::merge::merged_profile;
use reorg::regionalize::{Problem, RuleStandard, problem_from_dataset};
use reorg::rules::{Placement, RuleSet};
use reorg::scenario::Within;

fn national() -> Dataset {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023");
    load_dir(&dir).unwrap().dataset
}

fn assert_same(got: &reorg::regionalize::RegionStandard, want: &Std, what: &str) {
    assert_eq!(got.id, want.0, "{what}");
    assert_relative_eq!(got.pop, want.1, max_relative = 1e-12);
    assert_relative_eq!(got.area, want.2, max_relative = 1e-12);
}

/// A random connected group of at most `size` units around `seed`, inside
/// the seed's scope, grown by random frontier picks; sorted.
fn random_group(p: &Problem, rng: &mut Lcg, seed: u32, size: usize) -> Vec<u32> {
    let scope = p.parent(seed as usize);
    let mut set = vec![seed];
    let mut frontier: Vec<u32> = Vec::new();
    let push_nb = |u: u32, set: &[u32], frontier: &mut Vec<u32>| {
        for &v in p.neighbours(u as usize) {
            if p.parent(v as usize) == scope && !set.contains(&v) && !frontier.contains(&v) {
                frontier.push(v);
            }
        }
    };
    push_nb(seed, &set, &mut frontier);
    while set.len() < size && !frontier.is_empty() {
        let v = frontier.swap_remove(rng.below(frontier.len()));
        set.push(v);
        push_nb(v, &set, &mut frontier);
    }
    set.sort_unstable();
    set
}

/// How many sampled groups mix each attribute (so the test cannot pass vacuously).
#[derive(Debug, Default)]
struct Mixes {
    groups: usize,
    phuong_with_rural: usize,
    mountain_with_not: usize,
    border_with_not: usize,
    /// Groups whose standard differs from their first member's own.
    switched: usize,
    exempt_alone: usize,
}

fn check_national(ds: &Dataset, rules_name: &str, within: Within, seed: u64) -> Mixes {
    let rules = RuleSet::builtin(rules_name).unwrap();
    let mut dp = problem_from_dataset(ds, Level::Commune, within, None).unwrap();
    let rs = RuleStandard::new(ds, &mut dp, &rules).unwrap();
    let n = dp.problem.len();
    let mut rng = Lcg(seed);
    let mut m = Mixes::default();
    for k in 0..3000 {
        // Every other seed is a unit next to one of another kind, where mixed groups start.
        let mut s = rng.below(n) as u32;
        if k % 2 == 0 {
            for _ in 0..50 {
                let kind = ds.unit(dp.units[s as usize]).kind;
                if dp.problem.neighbours(s as usize).iter().any(|&v| {
                    dp.problem.parent(v as usize) == dp.problem.parent(s as usize)
                        && ds.unit(dp.units[v as usize]).kind != kind
                }) {
                    break;
                }
                s = rng.below(n) as u32;
            }
        }
        let size = 1 + rng.below(8);
        let g = random_group(&dp.problem, &mut rng, s, size);
        let (_, area) = totals(&dp.problem, &g);
        let want = planner_standard(ds, &dp, &rules, &g);
        let got = rs.region_standard(&g, area);
        assert_same(&got, &want, &format!("{rules_name}: group {g:?}"));
        let units: Vec<&Unit> = g.iter().map(|&u| ds.unit(dp.units[u as usize])).collect();
        let has =
            |f: &dyn Fn(&Unit) -> bool| (units.iter().any(|u| f(u)), units.iter().all(|u| f(u)));
        let (any_ph, all_ph) = has(&|u| u.kind == UnitKind::Phuong);
        let (any_mt, all_mt) = has(&|u| u.attrs.mountainous == Some(true));
        let (any_b, all_b) = has(&|u| u.attrs.land_border == Some(true));
        m.groups += 1;
        m.phuong_with_rural += usize::from(any_ph && !all_ph);
        m.mountain_with_not += usize::from(any_mt && !all_mt);
        m.border_with_not += usize::from(any_b && !all_b);
        let alone = planner_standard(ds, &dp, &rules, &g[..1]);
        m.switched += usize::from(alone.0 != want.0);
        m.exempt_alone += usize::from(g.len() == 1 && want.1 == 0.0 && want.2 == 0.0);
    }
    m
}

#[test]
fn nq76_region_standards_match_the_planner_on_the_2023_communes() {
    let ds = national();
    let m = check_national(&ds, "nq76-2025", Within::Province, 76);
    assert_eq!(m.groups, 3000);
    assert!(m.phuong_with_rural > 20, "{m:?}");
    assert!(m.mountain_with_not > 20, "{m:?}");
    assert!(m.border_with_not > 5, "{m:?}");
    assert!(m.switched > 20, "{m:?}");
}

#[test]
fn nq35_region_standards_match_the_planner_within_districts() {
    let ds = national();
    let m = check_national(&ds, "nq35-2023", Within::District, 35);
    assert!(m.phuong_with_rural > 20, "{m:?}");
    assert!(m.mountain_with_not > 20, "{m:?}");
    assert!(m.border_with_not > 5, "{m:?}");
    assert!(m.switched > 20, "{m:?}");
}

// ------------------------------------------------------------------ slow path

/// A mountain province with ethnic-minority shares (incl. a commune of
/// population 0 and one of unknown population), borders, coastal-poor and
/// Red River Delta communes, a thị xã with a phường and an island commune.
const ETHNIC_UNITS: &str = "\
10,Tỉnh Thử,province,tinh,,900,60000,,true,true,,,,
001,Huyện Một,district,huyen,10,700,40000,,true,true,,,,
002,Thị xã Hai,district,thi_xa,10,200,20000,,false,false,,,,
00001,Xã A,commune,xa,001,60,3000,,true,false,0.85,false,false,
00002,Xã B,commune,xa,001,45,4000,,true,true,0.35,false,,
00003,Xã C,commune,xa,001,25,9000,,false,false,0.10,false,true,true
00004,Xã D,commune,xa,001,35,7000,,,true,,false,true,true
00005,Thị trấn E,commune,thi_tran,001,12,6000,,true,,0.62,false,false,false
00006,Xã G,commune,xa,001,80,0,,true,false,0.95,false,,
00007,Phường H,commune,phuong,002,4,12000,,false,false,0.05,false,false,
00008,Xã I,commune,xa,002,70,2500,,true,true,,false,,
00009,Xã K,commune,xa,002,20,,,false,false,0.50,false,,
00010,Xã L,commune,xa,002,30,1500,,false,false,0.40,true,,
";

const ETHNIC_ADJACENCY: &str = "code_a,code_b\n\
00001,00002\n00002,00003\n00003,00004\n00004,00005\n00005,00001\n00005,00006\n\
00006,00007\n00007,00008\n00008,00009\n00009,00003\n00009,00010\n00002,00006\n";

#[test]
fn ethnic_shares_take_the_direct_route_and_still_match_the_planner() {
    let units = format!("{UNITS_HEADER}{ETHNIC_UNITS}");
    let ds = load_from_bytes(units.as_bytes(), ETHNIC_ADJACENCY.as_bytes())
        .unwrap()
        .dataset;
    for (name, within) in [
        ("nq76-2025", Within::Province),
        ("nq35-2023", Within::Province),
        ("nq35-2023", Within::District),
    ] {
        let rules = RuleSet::builtin(name).unwrap();
        let mut dp = problem_from_dataset(&ds, Level::Commune, within, None).unwrap();
        let rs = RuleStandard::new(&ds, &mut dp, &rules).unwrap();
        let n = dp.problem.len();
        assert_eq!(n, 10);
        // The island commune (index 9) is exempt and isolated.
        assert!(dp.problem.neighbours(9).is_empty());
        let mut checked = 0;
        let mut with_share = 0;
        let mut pops = BTreeSet::new();
        for mask in 1u32..(1 << n) {
            let g: Vec<u32> = (0..n as u32).filter(|&i| mask >> i & 1 == 1).collect();
            if !connected(&dp.problem, &g, true) {
                continue;
            }
            let (_, area) = totals(&dp.problem, &g);
            let want = planner_standard(&ds, &dp, &rules, &g);
            assert_same(
                &rs.region_standard(&g, area),
                &want,
                &format!("{name}: {g:?}"),
            );
            checked += 1;
            with_share += usize::from(g.iter().any(|&u| {
                ds.unit(dp.units[u as usize])
                    .attrs
                    .ethnic_minority_share
                    .is_some()
            }));
            pops.insert(want.1 as u64);
        }
        assert!(checked > 30, "{name}: {checked}");
        assert!(with_share > 25, "{name}: {with_share}");
        assert!(pops.len() >= 4, "{name}: {pops:?}");
        if name == "nq76-2025" {
            // Full 10-point steps above 30% bring N1 (5,000) below half.
            assert!(pops.iter().any(|&p| p < 2500), "{pops:?}");
            let island = rs.region_standard(&[9], 30.0);
            assert_eq!((island.id.as_str(), island.pop), ("N5", 0.0));
        }
    }
}

// ------------------------------------------------------------------ CLI

fn reorg(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_reorg"))
        .args(args)
        .output()
        .unwrap()
}

fn data_2023() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023")
}

#[test]
fn cli_rules_mode_writes_the_standard_of_every_region() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let data = data_2023();
    let o = reorg(&[
        "regionalize",
        data.to_str().unwrap(),
        "--rules",
        "nq76-2025",
        "--within",
        "province",
        "--province",
        "06",
        "--lang",
        "en",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("regions by the standard they take"),
        "{stdout}"
    );
    assert!(stdout.contains("units before"), "{stdout}");
    // Units of infeasible components, as listed on stdout.
    let infeasible: BTreeSet<&str> = stdout
        .lines()
        .filter_map(|l| l.split_once("(kept as one region): "))
        .flat_map(|(_, codes)| codes.split(' '))
        .collect();
    let text = std::fs::read_to_string(&out).unwrap();
    let text = reorg::io::csv_out::strip_bom(&text);
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "region_id,parent_code,members,population,area_km2,meets,standard,min_population,min_area_km2,proposed_name,member_names,name_alternatives,name_reason"
    );
    let ds = load_dir(&data).unwrap().dataset;
    let rules = RuleSet::builtin("nq76-2025").unwrap();
    let prov = ds.id_of(&UnitCode::from("06")).unwrap();
    let expected: BTreeSet<String> = ds
        .ids_at(Level::Commune)
        .filter(|id| ds.province_of(*id) == Some(prov))
        .map(|id| ds.unit(id).code.to_string())
        .collect();
    assert!(expected.len() > 50);
    let mut seen: Vec<String> = Vec::new();
    let mut rows = 0;
    let mut names: BTreeSet<String> = BTreeSet::new();
    for line in lines {
        let record = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes())
            .records()
            .next()
            .unwrap()
            .unwrap();
        let f: Vec<&str> = record.iter().collect();
        assert_eq!(f.len(), 13, "{line}");
        // Names are unique within the province (NQ 76/2025: communes sit
        // directly under it), and the members' names are listed.
        assert!(names.insert(reorg::legal::name_key(f[9])), "{line}");
        assert_eq!(f[10].split(';').count(), f[2].split(';').count(), "{line}");
        assert_eq!(f[1], "06");
        let codes: Vec<&str> = f[2].split(';').collect();
        seen.extend(codes.iter().map(|c| c.to_string()));
        let (pop, area): (f64, f64) = (f[3].parse().unwrap(), f[4].parse().unwrap());
        let (min_pop, min_area): (f64, f64) = (f[7].parse().unwrap(), f[8].parse().unwrap());
        // The standard is the planner's for the merged unit, placed at its first commune.
        let members: Vec<&Unit> = codes.iter().map(|c| ds.get(c).unwrap()).collect();
        let mut profile = merged_profile(
            &members,
            UnitCode::from("99999"),
            None,
            ArrangedIn::Round2023To2025,
        );
        // NQ 76 N7: xã and thị trấn merge into a xã (the rule set's kind_after_merge).
        profile.kind = rules.kind_after_merge(profile.kind, members.len());
        let first = ds.id_of(&UnitCode::from(codes[0])).unwrap();
        let st = rules.standard_at(&profile, &Placement::in_dataset(&ds, first));
        if f[6] == "N4" {
            // Exempt (NQ 76 N4): 3 or more units into a phường that miss the standard.
            assert!(
                codes.len() >= 3 && profile.kind == UnitKind::Phuong,
                "{line}"
            );
            assert!(
                pop + 0.5 < st.population || area + 0.005 < st.area_km2,
                "{line}"
            );
            assert_eq!((min_pop, min_area), (0.0, 0.0), "{line}");
        } else {
            assert_eq!(f[6], st.id, "{line}");
            assert_relative_eq!(min_pop, st.population);
            assert_relative_eq!(min_area, st.area_km2);
        }
        match f[5] {
            "true" => assert!(pop + 0.5 >= min_pop && area + 0.005 >= min_area, "{line}"),
            "false" => assert!(codes.iter().all(|c| infeasible.contains(c)), "{line}"),
            other => panic!("meets = {other}"),
        }
        rows += 1;
    }
    let unique: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(seen.len(), unique.len(), "a commune in two regions");
    assert_eq!(unique, expected);
    assert!(rows < expected.len(), "nothing merged");
}

#[test]
fn cli_rules_mode_usage_errors() {
    let data = data_2023();
    let o = reorg(&[
        "regionalize",
        data.to_str().unwrap(),
        "--rules",
        "nq76-2025",
        "--within",
        "country",
        "--province",
        "06",
    ]);
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("--within"), "{stderr}");
    let o = reorg(&[
        "regionalize",
        data.to_str().unwrap(),
        "--rules",
        "nq76-2025",
        "--pop",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(2), "clap rejects --pop with --rules");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("--pop") || stderr.contains("--rules"),
        "{stderr}"
    );
}

/// `--no-group-exemptions` (or `group_exemptions = false` in a scenario)
/// asks every new unit to meet its standard: no region leans on N4, and no
/// more regions than with it.
#[test]
fn cli_without_group_exemptions_every_unit_meets_its_standard() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_2023();
    let scenario = dir.path().join("strict.toml");
    std::fs::write(
        &scenario,
        "rules = \"nq76-2025\"\n[regionalize]\nwithin = \"province\"\ngroup_exemptions = false\n",
    )
    .unwrap();
    let run = |extra: &[&str], name: &str| {
        let out = dir.path().join(name);
        let mut args = vec![
            "regionalize",
            data.to_str().unwrap(),
            "--province",
            "01",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = reorg(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let csv = std::fs::read_to_string(out).unwrap();
        let n4 = csv.lines().filter(|l| l.contains(",N4,")).count();
        (csv.lines().count() - 1, n4)
    };
    let flags = ["--rules", "nq76-2025", "--within", "province"];
    let (with_n4, n4_rows) = run(&flags, "a.csv");
    assert!(n4_rows > 0, "Hà Nội has wards merged under N4");
    let strict_flags = [&flags[..], &["--no-group-exemptions"]].concat();
    let (strict, none) = run(&strict_flags, "b.csv");
    assert_eq!(none, 0);
    assert!(strict <= with_n4, "{strict} > {with_n4}");
    let (by_scenario, none) = run(&["--scenario", scenario.to_str().unwrap()], "c.csv");
    assert_eq!((by_scenario, none), (strict, 0));
}

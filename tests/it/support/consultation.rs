//! A fixture generator: synthetic voter-consultation figures
//! (`consultation.csv`: `code,voters,agree,disagree,date`) for a dataset,
//! deterministic from a seed. Voters on the roll are 70% of the population
//! (at least 1); a share `refuse` of the units gets an agreeing share drawn
//! in [0.30, 0.50] (half of those exactly 50%, the boundary that blocks),
//! the others in [0.55, 0.97]; 0–5% of the roll abstains.

use std::fmt::Write as _;

use reorg::model::{Dataset, Level};

use super::synth::Rng;

/// The CSV text of synthetic consultation figures for every district and
/// commune of `ds` with a population.
pub fn synthetic_consultation(ds: &Dataset, seed: u64, refuse: f64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::from("code,voters,agree,disagree,date\n");
    for u in ds.units() {
        let (Some(pop), true) = (u.population, u.level != Level::Province) else {
            continue;
        };
        let voters = ((pop as f64 * 0.7).round() as u64).max(2);
        let share = if rng.unit() < refuse {
            if rng.unit() < 0.5 {
                0.5
            } else {
                0.30 + 0.20 * rng.unit()
            }
        } else {
            0.55 + 0.42 * rng.unit()
        };
        let agree = if share == 0.5 {
            voters / 2
        } else {
            ((voters as f64 * share).floor() as u64).min(voters)
        };
        let abstain = ((voters - agree) as f64 * 0.05 * rng.unit()).floor() as u64;
        let disagree = voters - agree - abstain;
        let day = rng.range(1, 28);
        writeln!(
            out,
            "{},{voters},{agree},{disagree},2024-03-{day:02}",
            u.code
        )
        .unwrap();
    }
    out
}

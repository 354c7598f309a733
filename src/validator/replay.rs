//! Replaying a proposal on the map, phase by phase, and the checks.

use std::collections::{HashMap, HashSet};

use super::walk::{IssueKey, walk};
use super::{
    CheckOptions, CheckReport, CheckRule, Finding, GroupVerdict, MapCounts, Proposal,
    ProposedChange, ProposedGroup, Severity,
};
use crate::assess::exemptions_for;
use crate::lang::Lang;
use crate::legal::{ChildKinds, urban_check};
use crate::model::{Dataset, Level, Phase, Unit, UnitCode, UnitKind};
use crate::pipeline::changes::{StandardVerdict, article};
use crate::pipeline::merge::{merged_unit, naming_member, with_prefix};
use crate::pipeline::run::{project_population, round_of};
use crate::pipeline::workmap::{Slot, WorkMap};
use crate::planner::StandardMode;
use crate::rules::{Placement, RuleSet};

/// Judges `proposal` on `ds` under `rules` (see the module docs).
///
/// # Complexity
/// O(n log n + m) per phase for n units and m adjacencies, plus O(k·d) per
/// merge of k members of degree d.
pub fn check_plan(
    ds: &Dataset,
    rules: &RuleSet,
    proposal: &Proposal,
    opts: &CheckOptions,
) -> CheckReport {
    let mut map = WorkMap::new(ds);
    let first = proposal.phases.first().map(|p| p.phase);
    let original: HashSet<IssueKey> = first
        .map(|ph| {
            walk(&map, rules, ph, opts)
                .0
                .into_iter()
                .map(|i| i.key)
                .collect()
        })
        .unwrap_or_default();
    let mut report = CheckReport::default();
    for ph in &proposal.phases {
        let phase = ph.phase;
        if phase == Phase::Phase2026To2030 {
            project_population(&mut map, &opts.growth);
        }
        let mut ctx = Ctx {
            rules,
            opts,
            phase,
            seen: HashSet::new(),
            report: &mut report,
        };
        let mut grown: Vec<Grown> = Vec::new();
        // Commune kinds per district at the start of the phase: a district
        // merge moves only its own members' communes.
        let start = child_kinds(&map);
        for level in [Level::District, Level::Commune] {
            for g in ph.groups.iter().filter(|g| g.level == level) {
                let before = (level == Level::District).then(|| {
                    g.members
                        .iter()
                        .filter_map(|c| map.slot_of(c))
                        .map(|s| (map.unit(s).kind, start.get(&s).copied().unwrap_or_default()))
                        .collect::<Vec<_>>()
                });
                if let Some(slot) = ctx.apply_group(&mut map, g)
                    && let Some(members) = before
                {
                    grown.push((g.id.clone(), slot, members));
                }
            }
            if level == Level::District {
                for c in &ph.changes {
                    ctx.apply_change(&mut map, c);
                }
                let after = child_kinds(&map);
                for (id, slot, members) in &grown {
                    let kinds = after.get(slot).copied().unwrap_or_default();
                    ctx.urban(&map, id, *slot, members, kinds);
                }
            }
        }
        let (issues, counts) = walk(&map, rules, phase, opts);
        for i in issues {
            let pre = original.contains(&i.key);
            let lang = opts.lang;
            report.findings.push(Finding {
                severity: if pre {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                rule: i.key.rule,
                phase,
                group: None,
                units: i.key.units.clone(),
                message: if pre {
                    format!(
                        "{} {}",
                        i.message,
                        lang.pick(
                            "(đã có trên bản đồ đầu vào)",
                            "(already so on the map as loaded)"
                        )
                    )
                } else {
                    i.message
                },
            });
        }
        report.maps.push(MapCounts {
            phase,
            districts: counts.0,
            communes: counts.1,
        });
    }
    report
}

/// A district group applied in the phase: its id, the new district's slot,
/// and its members' kinds and communes before the merge.
type Grown = (String, Slot, Vec<(UnitKind, ChildKinds)>);

struct Ctx<'a> {
    rules: &'a RuleSet,
    opts: &'a CheckOptions,
    phase: Phase,
    /// Units already in a group of this phase.
    seen: HashSet<UnitCode>,
    report: &'a mut CheckReport,
}

impl Ctx<'_> {
    fn lang(&self) -> Lang {
        self.opts.lang
    }

    fn push(
        &mut self,
        severity: Severity,
        rule: CheckRule,
        group: Option<&str>,
        mut units: Vec<UnitCode>,
        message: String,
    ) {
        units.sort();
        self.report.findings.push(Finding {
            severity,
            rule,
            phase: self.phase,
            group: group.map(str::to_string),
            units,
            message,
        });
    }

    /// Checks and applies one merge; returns the new unit's slot, or `None`
    /// when the group cannot be applied (unknown or reused members).
    fn apply_group(&mut self, map: &mut WorkMap, g: &ProposedGroup) -> Option<Slot> {
        let lang = self.lang();
        let id = Some(g.id.as_str());
        let mut slots = Vec::with_capacity(g.members.len());
        let mut broken = false;
        for code in &g.members {
            let Some(s) = map.slot_of(code) else {
                self.push(
                    Severity::Error,
                    CheckRule::UnknownUnit,
                    id,
                    vec![code.clone()],
                    match lang {
                        Lang::Vi => format!("đơn vị {code} không có trên bản đồ (mã không tồn tại hoặc đã được nhập trước đó)"),
                        Lang::En => format!("unit {code} is not on the map (unknown code, or merged before)"),
                    },
                );
                broken = true;
                continue;
            };
            if !self.seen.insert(code.clone()) {
                self.push(
                    Severity::Error,
                    CheckRule::MemberTwice,
                    id,
                    vec![code.clone()],
                    match lang {
                        Lang::Vi => format!(
                            "{} nằm trong hai nhóm nhập của cùng giai đoạn",
                            map.unit(s).name
                        ),
                        Lang::En => format!("{} is in two merges of one phase", map.unit(s).name),
                    },
                );
                broken = true;
            }
            if map.unit(s).level != g.level {
                self.push(
                    Severity::Error,
                    CheckRule::WrongLevel,
                    id,
                    vec![code.clone()],
                    match lang {
                        Lang::Vi => format!("{} không thuộc cấp của nhóm nhập", map.unit(s).name),
                        Lang::En => format!("{} is not of the merge's level", map.unit(s).name),
                    },
                );
                broken = true;
            }
            slots.push(s);
        }
        if slots.len() < 2 && !broken {
            self.push(
                Severity::Error,
                CheckRule::UnknownUnit,
                id,
                g.members.clone(),
                lang.pick(
                    "một nhóm nhập cần ít nhất hai đơn vị",
                    "a merge needs at least two units",
                )
                .to_string(),
            );
            broken = true;
        }
        if broken {
            return None;
        }
        let units: Vec<Unit> = slots.iter().map(|&s| map.unit(s).clone()).collect();
        let refs: Vec<&Unit> = units.iter().collect();
        let names = || {
            units
                .iter()
                .map(|u| u.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let parent = units[0].parent_code.clone();
        if units.iter().any(|u| u.parent_code != parent) {
            self.push(
                Severity::Error,
                CheckRule::SameParent,
                id,
                g.members.clone(),
                match lang {
                    Lang::Vi => format!("{} không cùng đơn vị hành chính cấp trên", names()),
                    Lang::En => format!("{} do not share one parent unit", names()),
                },
            );
        }
        if !connected(map, &slots) {
            self.push(
                Severity::Error,
                CheckRule::Contiguity,
                id,
                g.members.clone(),
                match lang {
                    Lang::Vi => format!(
                        "{} không liền kề thành một khối (NQ 35/2023 Điều 2)",
                        names()
                    ),
                    Lang::En => format!("{} are not contiguous (NQ 35/2023, Article 2)", names()),
                },
            );
        }
        for u in &units {
            let exemptions = exemptions_for(self.rules, u, self.phase);
            let refused: Vec<String> = exemptions
                .iter()
                .filter(|e| !self.opts.exempt_partners.contains(&e.id))
                .map(|e| format!("{} ({})", e.id, lang.pick(&e.label_vi, &e.label_en)))
                .collect();
            if !refused.is_empty() {
                self.push(
                    Severity::Warning,
                    CheckRule::Exemption,
                    id,
                    vec![u.code.clone()],
                    match lang {
                        Lang::Vi => format!(
                            "{} thuộc trường hợp không bắt buộc sắp xếp: {} (NQ 35/2023 Điều 3), phương án không cho phép đưa vào nhóm nhập",
                            u.name,
                            refused.join("; ")
                        ),
                        Lang::En => format!(
                            "{} is exempt: {} (NQ 35/2023, Article 3), and the scenario does not allow it as a partner",
                            u.name,
                            refused.join("; ")
                        ),
                    },
                );
            }
            if let crate::legal::Consent::NotReached(share) =
                crate::legal::consent_of(u, self.rules.consultation.as_ref())
            {
                let pct = crate::lang::fmt_pct(share * 100.0, 1, lang);
                self.push(
                    Severity::Error,
                    CheckRule::Consent,
                    id,
                    vec![u.code.clone()],
                    match lang {
                        Lang::Vi => format!(
                            "{}: chưa đạt sự đồng thuận của cử tri ({pct} tổng số cử tri đồng ý, cần trên {}; Hiến pháp 2013 Điều 110 khoản 2)",
                            u.name,
                            self.rules.consultation.as_ref().map_or_else(String::new, |r| crate::lang::fmt_pct(r.majority_share.value * 100.0, 0, lang)),
                        ),
                        Lang::En => format!(
                            "{}: consent not reached ({pct} of all voters agreed, more than {} needed; Constitution 2013, Article 110(2))",
                            u.name,
                            self.rules.consultation.as_ref().map_or_else(String::new, |r| crate::lang::fmt_pct(r.majority_share.value * 100.0, 0, lang)),
                        ),
                    },
                );
            }
        }
        let named = naming_member(&refs);
        let code = match &g.code {
            Some(c) if units.iter().any(|u| &u.code == c) => c.clone(),
            Some(c) => {
                self.push(
                    Severity::Error,
                    CheckRule::NewCode,
                    id,
                    vec![c.clone()],
                    match lang {
                        Lang::Vi => {
                            format!("mã {c} của đơn vị mới không phải mã của một đơn vị thành viên")
                        }
                        Lang::En => format!("the new code {c} is not a member's code"),
                    },
                );
                units[named].code.clone()
            }
            None => units[named].code.clone(),
        };
        let mut new_unit = merged_unit(&refs, code, parent.clone(), round_of(self.phase));
        let kind = match g.kind {
            Some(k) if k.level() == g.level => k,
            Some(k) => {
                self.push(
                    Severity::Error,
                    CheckRule::WrongLevel,
                    id,
                    g.members.clone(),
                    match lang {
                        Lang::Vi => format!("loại {} không thuộc cấp của nhóm nhập", k.label_vi()),
                        Lang::En => format!("kind {} is not of the merge's level", k.as_str()),
                    },
                );
                new_unit.kind
            }
            None => self.rules.kind_after_merge(new_unit.kind, units.len()),
        };
        if kind != new_unit.kind {
            new_unit.kind = kind;
            new_unit.name = with_prefix(kind, units[named].short_name());
        }
        if let Some(n) = &g.name {
            new_unit.name.clone_from(n);
        }
        let parent_slot = parent.as_ref().and_then(|p| map.slot_of(p));
        let province = parent_slot.and_then(|s| province_unit(map, s));
        let at = Placement::with_province(parent_slot.map(|s| map.unit(s).kind), province);
        let v = StandardVerdict::of(self.rules, &new_unit, &at);
        if !v.meets {
            let pct = |r: Option<f64>| {
                r.map_or_else(|| "?".to_string(), |r| format!("{:.0}%", 100.0 * r))
            };
            self.push(
                if self.opts.standard == StandardMode::Hard {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                CheckRule::Standard,
                id,
                vec![new_unit.code.clone()],
                match lang {
                    Lang::Vi => format!(
                        "{} chưa đạt tiêu chuẩn {}: diện tích {}, dân số {} ({}, NQ 35/2023 Điều 4) {}",
                        new_unit.name,
                        v.label_vi.to_lowercase(),
                        pct(v.area_ratio),
                        pct(v.population_ratio),
                        article(&v.source),
                        v.tag
                    ),
                    Lang::En => format!(
                        "{} misses the standard of a {}: area {}, population {} ({}, NQ 35/2023 Article 4) {}",
                        new_unit.name,
                        v.label_en.to_lowercase(),
                        pct(v.area_ratio),
                        pct(v.population_ratio),
                        article(&v.source),
                        v.tag
                    ),
                },
            );
        }
        self.report.verdicts.push(GroupVerdict {
            phase: self.phase,
            group: g.id.clone(),
            code: new_unit.code.clone(),
            kind: new_unit.kind,
            meets_standard: v.meets,
            area_ratio: v.area_ratio,
            population_ratio: v.population_ratio,
            standard_id: v.standard_id,
            tag: v.tag,
        });
        Some(map.apply_merge(&slots, new_unit))
    }

    /// Applies a change of kind and/or name to a unit not merged.
    fn apply_change(&mut self, map: &mut WorkMap, c: &ProposedChange) {
        let lang = self.lang();
        let Some(s) = map.slot_of(&c.code) else {
            self.push(
                Severity::Error,
                CheckRule::UnknownUnit,
                None,
                vec![c.code.clone()],
                match lang {
                    Lang::Vi => format!(
                        "đơn vị {} được đổi loại hoặc tên nhưng không có trên bản đồ",
                        c.code
                    ),
                    Lang::En => format!("unit {} is changed but is not on the map", c.code),
                },
            );
            return;
        };
        let u = map.unit(s).clone();
        let mut kind = u.kind;
        if let Some(k) = c.kind_after {
            if k.level() == u.level {
                kind = k;
            } else {
                self.push(
                    Severity::Error,
                    CheckRule::WrongLevel,
                    None,
                    vec![c.code.clone()],
                    match lang {
                        Lang::Vi => format!("{}: loại {} không cùng cấp", u.name, k.label_vi()),
                        Lang::En => format!("{}: kind {} is of another level", u.name, k.as_str()),
                    },
                );
            }
        }
        let name = match &c.name_after {
            Some(n) => n.clone(),
            None if kind != u.kind => with_prefix(kind, u.short_name()),
            None => u.name.clone(),
        };
        let unit = map.unit_mut(s);
        unit.kind = kind;
        unit.name = name;
    }

    /// Flags a thành phố grown below its phường share (after conversions).
    fn urban(
        &mut self,
        map: &WorkMap,
        id: &str,
        slot: Slot,
        members: &[(UnitKind, ChildKinds)],
        after: ChildKinds,
    ) {
        let u = map.unit(slot);
        let Some(check) = urban_check(self.rules, u.kind, members, after) else {
            return;
        };
        if check.met {
            return;
        }
        let lang = self.lang();
        let message = match lang {
            Lang::Vi => format!(
                "{} sau khi nhập có tỷ lệ phường {:.0}%, dưới {:.0}% ({}) {} và thấp hơn trước khi nhập",
                u.name,
                100.0 * check.share,
                100.0 * check.min,
                article(&check.source),
                check.tag
            ),
            Lang::En => format!(
                "{} after the merge has a ward share of {:.0}%, below {:.0}% ({}) {} and below its share before",
                u.name,
                100.0 * check.share,
                100.0 * check.min,
                article(&check.source),
                check.tag
            ),
        };
        let code = u.code.clone();
        self.push(
            Severity::Warning,
            CheckRule::UrbanCondition,
            Some(id),
            vec![code],
            message,
        );
    }
}

/// The commune kinds held by every live district, by slot.
///
/// # Complexity
/// O(n) for n units.
fn child_kinds(map: &WorkMap) -> HashMap<Slot, ChildKinds> {
    let mut out: HashMap<Slot, ChildKinds> = HashMap::new();
    for s in map.live_at(Level::Commune) {
        let u = map.unit(s);
        if let Some(d) = u.parent_code.as_ref().and_then(|p| map.slot_of(p)) {
            out.entry(d).or_default().add(u.kind);
        }
    }
    out
}

/// Whether `slots` form one connected piece of the map.
fn connected(map: &WorkMap, slots: &[Slot]) -> bool {
    let inside: HashSet<Slot> = slots.iter().copied().collect();
    let mut seen: HashSet<Slot> = HashSet::new();
    let mut stack = vec![slots[0]];
    seen.insert(slots[0]);
    while let Some(s) = stack.pop() {
        for (n, _) in map.neighbours(s) {
            if inside.contains(&n) && seen.insert(n) {
                stack.push(n);
            }
        }
    }
    seen.len() == inside.len()
}

/// The province unit above `slot` (itself if it is one).
pub(super) fn province_unit(map: &WorkMap, mut slot: Slot) -> Option<&Unit> {
    loop {
        let u = map.unit(slot);
        if u.level == Level::Province {
            return Some(u);
        }
        slot = map.slot_of(u.parent_code.as_ref()?)?;
    }
}

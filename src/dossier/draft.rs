//! The draft resolution's text, in the wording of the Standing Committee's
//! resolutions: the 2023–2025 resolutions under NQ 35/2023 (figures and
//! neighbours in every article) and the 2025 round under NQ 76/2025.
//!
//! Numbers follow Vietnamese usage: thousands with ".", decimals with ","
//! (`9,76 km²`, `6.038 người`); counts of units below ten take a leading zero
//! (`gồm 07 huyện và 02 thành phố`), as the resolutions write them.

use super::map::{PhaseMap, and_list, capitalized, kind_word, phrase, short_name};
use super::model::{ConversionEntry, DraftBlock, DraftSection, MergeEntry, Wording, kinds_of};
use crate::lang::{Lang, fmt_dec, fmt_int};
use crate::model::{Level, Phase, UnitCode, UnitKind};

/// Letters of the points of an item, as Vietnamese legal texts use them
/// (no f, j, w, z; đ after d).
const LETTERS: [&str; 23] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];

fn letter(i: usize) -> String {
    let n = LETTERS.len();
    if i < n {
        LETTERS[i].to_string()
    } else {
        format!("{}{}", LETTERS[(i / n - 1) % n], LETTERS[i % n])
    }
}

/// A count as the resolutions write it: `07`, `24`, `1.024`.
pub(crate) fn count(n: u32) -> String {
    if n < 10 {
        format!("{n:02}")
    } else {
        fmt_int(i64::from(n), Lang::Vi)
    }
}

fn area(a: Option<f64>) -> String {
    a.map_or_else(|| "(chưa có số liệu)".into(), |v| fmt_dec(v, 2, Lang::Vi))
}

fn people(p: Option<u64>) -> String {
    p.map_or_else(
        || "(chưa có số liệu)".into(),
        |v| fmt_int(i64::try_from(v).unwrap_or(i64::MAX), Lang::Vi),
    )
}

/// `toàn bộ diện tích tự nhiên là 9,76 km², quy mô dân số là 6.038 người của xã A`.
fn whole(area_km2: Option<f64>, population: Option<u64>, kind: UnitKind, name: &str) -> String {
    format!(
        "toàn bộ diện tích tự nhiên là {} km², quy mô dân số là {} người của {}",
        area(area_km2),
        people(population),
        phrase(kind, name)
    )
}

/// `gồm 91 xã, 17 phường và 13 thị trấn` (kinds with no unit left out).
fn composition(counts: &[u32], kinds: &[UnitKind]) -> String {
    let parts: Vec<String> = counts
        .iter()
        .zip(kinds)
        .filter(|(n, _)| **n > 0)
        .map(|(n, k)| format!("{} {}", count(*n), kind_word(*k)))
        .collect();
    format!("gồm {}", and_list(&parts))
}

fn level_words(level: Level) -> &'static str {
    match level {
        Level::District => "cấp huyện",
        _ => "cấp xã",
    }
}

/// The article of one merge in the 2023–2025 wording.
///
/// When the new unit keeps a member's name and kind, that member receives
/// the others ("Nhập … của xã A vào xã B. Sau khi nhập, xã B có …");
/// otherwise the members form a new unit ("Nhập … của xã A và … của xã B để
/// thành lập xã mới có tên gọi là xã C. Sau khi thành lập, xã C có …").
/// Then its neighbours on the map the phase leaves ("Xã C giáp …").
pub(crate) fn merge_sentence(m: &MergeEntry) -> String {
    let new = phrase(m.new_kind, &m.new_name);
    let receiver = m
        .members
        .iter()
        .position(|u| u.kind == m.new_kind && short_name(&u.name) == short_name(&m.new_name));
    let mut s = match receiver {
        Some(r) => {
            let others: Vec<String> = m
                .members
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != r)
                .map(|(_, u)| whole(u.area_km2, u.population, u.kind, &u.name))
                .collect();
            format!(
                "Nhập {} vào {}. Sau khi nhập, {new} có diện tích tự nhiên là {} km² và quy mô dân số là {} người.",
                and_list(&others),
                phrase(m.members[r].kind, &m.members[r].name),
                area(m.area_km2),
                people(m.population)
            )
        }
        None => {
            let all: Vec<String> = m
                .members
                .iter()
                .map(|u| whole(u.area_km2, u.population, u.kind, &u.name))
                .collect();
            format!(
                "Nhập {} để thành lập {} mới có tên gọi là {new}. Sau khi thành lập, {new} có diện tích tự nhiên là {} km² và quy mô dân số là {} người.",
                and_list(&all),
                kind_word(m.new_kind),
                area(m.area_km2),
                people(m.population)
            )
        }
    };
    if !m.neighbours.is_empty() {
        s.push_str(&format!(
            " {} giáp {}.",
            capitalized(&new),
            and_list(&m.neighbours)
        ));
    }
    s
}

/// The article of one merge in the 2025 wording: "Sắp xếp toàn bộ diện tích
/// tự nhiên, quy mô dân số của các xã A, B và C thành xã mới có tên gọi là
/// xã A."
pub(crate) fn merge_sentence_2025(m: &MergeEntry) -> String {
    let same_kind = m
        .members
        .iter()
        .all(|u| Some(u.kind) == m.members.first().map(|f| f.kind));
    let members = match m.members.first() {
        Some(f) if same_kind && m.members.len() > 1 => format!(
            "các {} {}",
            kind_word(f.kind),
            and_list(
                &m.members
                    .iter()
                    .map(|u| short_name(&u.name).to_string())
                    .collect::<Vec<_>>()
            )
        ),
        _ => and_list(
            &m.members
                .iter()
                .map(|u| phrase(u.kind, &u.name))
                .collect::<Vec<_>>(),
        ),
    };
    format!(
        "Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của {members} thành {} mới có tên gọi là {}.",
        kind_word(m.new_kind),
        phrase(m.new_kind, &m.new_name)
    )
}

/// The article of a conversion of kind: "Thành lập phường A trên cơ sở toàn
/// bộ diện tích tự nhiên là … km² và quy mô dân số là … người của xã A.";
/// of a rename (same kind, a name taken in the new parent): "Đổi tên phường
/// 2 thành phường 6."
pub(crate) fn conversion_sentence(c: &ConversionEntry) -> String {
    if c.kind_before == c.kind_after {
        return format!(
            "Đổi tên {} thành {}.",
            phrase(c.kind_before, &c.name),
            phrase(c.kind_after, &c.name_after)
        );
    }
    format!(
        "Thành lập {} trên cơ sở toàn bộ diện tích tự nhiên là {} km² và quy mô dân số là {} người của {}.",
        phrase(c.kind_after, &c.name_after),
        area(c.area_km2),
        people(c.population),
        phrase(c.kind_before, &c.name)
    )
}

/// What one phase of the draft needs from the map and the plan.
pub(crate) struct PhaseInput<'a> {
    pub phase: Phase,
    pub wording: Wording,
    /// Provinces covered, in code order.
    pub provinces: &'a [UnitCode],
    pub merges: &'a [MergeEntry],
    pub conversions: &'a [ConversionEntry],
    /// The map the phase leaves.
    pub after: &'a PhaseMap<'a>,
}

fn phase_words(phase: Phase) -> String {
    let (a, b) = phase.years();
    if a == b {
        format!("năm {a}")
    } else {
        format!("giai đoạn {a} – {b}")
    }
}

fn preamble(wording: Wording) -> Vec<DraftBlock> {
    let mut v = vec![
        DraftBlock::Para("ỦY BAN THƯỜNG VỤ QUỐC HỘI".into()),
        DraftBlock::Para("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;".into()),
        DraftBlock::Para("Căn cứ Luật Tổ chức chính quyền địa phương;".into()),
        DraftBlock::Para(
            "Căn cứ Nghị quyết số 1211/2016/UBTVQH13 ngày 25 tháng 5 năm 2016 của Ủy ban Thường vụ Quốc hội về tiêu chuẩn của đơn vị hành chính và phân loại đơn vị hành chính, đã được sửa đổi, bổ sung bởi Nghị quyết số 27/2022/UBTVQH15;"
                .into(),
        ),
    ];
    v.push(DraftBlock::Para(match wording {
        Wording::Nq35 => "Căn cứ Nghị quyết số 35/2023/UBTVQH15 ngày 12 tháng 7 năm 2023 của Ủy ban Thường vụ Quốc hội về việc sắp xếp đơn vị hành chính cấp huyện, cấp xã giai đoạn 2023 – 2030;".into(),
        Wording::Nq76 => "Căn cứ Nghị quyết số 76/2025/UBTVQH15 ngày 14 tháng 4 năm 2025 của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính năm 2025;".into(),
    }));
    v.push(DraftBlock::Para(
        "Xét đề nghị của Chính phủ tại Tờ trình số …/TTr-CP ngày … tháng … năm … và Báo cáo thẩm tra số …/BC-UBPL ngày … tháng … năm … của Ủy ban Pháp luật,".into(),
    ));
    v.push(DraftBlock::Para("QUYẾT NGHỊ:".into()));
    v
}

/// The title of the phase's resolution; `scope` is the province as named
/// inside a sentence (`tỉnh Vĩnh Phúc`), `None` for several provinces.
pub(crate) fn title(scope: Option<&str>, phase: Phase, wording: Wording, levels: &str) -> String {
    let of = scope.map(|s| format!(" của {s}")).unwrap_or_default();
    match wording {
        Wording::Nq35 => format!(
            "Về việc sắp xếp đơn vị hành chính {levels}{of} {}",
            phase_words(phase)
        ),
        Wording::Nq76 => format!(
            "Về việc sắp xếp các đơn vị hành chính cấp xã{of} năm {}",
            phase.years().0
        ),
    }
}

fn levels_words(used: (bool, bool)) -> &'static str {
    match used {
        (true, true) => "cấp huyện, cấp xã",
        (true, false) => "cấp huyện",
        _ => "cấp xã",
    }
}

/// The draft of one phase.
///
/// # Complexity
/// O(g + u) for g merges and u units (the counts walk the map once per parent).
pub(crate) fn phase_section(input: &PhaseInput<'_>) -> DraftSection {
    let mut blocks = preamble(input.wording);
    let mut article = 0;
    let mut all_used = (false, false);
    for p in input.provinces {
        let merges: Vec<&MergeEntry> = input
            .merges
            .iter()
            .filter(|m| m.phase == input.phase && &m.province_code == p)
            .collect();
        let conversions: Vec<&ConversionEntry> = input
            .conversions
            .iter()
            .filter(|c| {
                c.phase == input.phase
                    && input.after.ancestor(&c.code, Level::Province).as_ref() == Some(p)
            })
            .collect();
        if merges.is_empty() && conversions.is_empty() {
            continue;
        }
        article += 1;
        let province = province_phrase(input.after, p);
        let mut used = (false, false);
        let body = match input.wording {
            Wording::Nq35 => nq35_province(input, p, &province, &merges, &conversions, &mut used),
            Wording::Nq76 => {
                used.1 = true;
                nq76_province(input, p, &province, &merges)
            }
        };
        all_used = (all_used.0 || used.0, all_used.1 || used.1);
        blocks.push(DraftBlock::Article(format!(
            "Điều {article}. Sắp xếp các đơn vị hành chính {} của {province}",
            levels_words(used)
        )));
        blocks.extend(body);
    }
    if article == 0 {
        blocks.push(DraftBlock::Para(
            "Không có đơn vị hành chính nào được sắp xếp trong giai đoạn này.".into(),
        ));
    }
    blocks.push(DraftBlock::Article(format!(
        "Điều {}. Hiệu lực thi hành",
        article + 1
    )));
    blocks.push(DraftBlock::Para(
        "Nghị quyết này có hiệu lực thi hành từ ngày … tháng … năm ….".into(),
    ));
    let scope = match input.provinces {
        [one] => Some(province_phrase(input.after, one)),
        _ => None,
    };
    DraftSection {
        phase: input.phase,
        title: title(
            scope.as_deref(),
            input.phase,
            input.wording,
            levels_words(all_used),
        ),
        blocks,
    }
}

/// `tỉnh Vĩnh Phúc`, `thành phố Hà Nội`.
fn province_phrase(map: &PhaseMap<'_>, p: &UnitCode) -> String {
    phrase(map.get(p).map_or(UnitKind::Tinh, |l| l.kind), &map.name(p))
}

/// The items of one province in the 2023–2025 wording.
fn nq35_province(
    input: &PhaseInput<'_>,
    p: &UnitCode,
    province: &str,
    merges: &[&MergeEntry],
    conversions: &[&ConversionEntry],
    levels_used: &mut (bool, bool),
) -> Vec<DraftBlock> {
    let mut out = Vec::new();
    let mut item = 0;
    let district_merges: Vec<&&MergeEntry> = merges
        .iter()
        .filter(|m| m.level == Level::District)
        .collect();
    let district_conv: Vec<&&ConversionEntry> = conversions
        .iter()
        .filter(|c| c.kind_before.level() == Level::District)
        .collect();
    if !district_merges.is_empty() || !district_conv.is_empty() {
        levels_used.0 = true;
        item += 1;
        out.push(DraftBlock::Item(format!(
            "{item}. Sắp xếp các đơn vị hành chính cấp huyện của {province} như sau:"
        )));
        let mut k = 0;
        for m in &district_merges {
            out.push(DraftBlock::Para(format!(
                "{}) {}",
                letter(k),
                merge_sentence(m)
            )));
            k += 1;
        }
        for c in &district_conv {
            out.push(DraftBlock::Para(format!(
                "{}) {}",
                letter(k),
                conversion_sentence(c)
            )));
            k += 1;
        }
    }
    for d in input.after.districts_of(p) {
        let ms: Vec<&&MergeEntry> = merges
            .iter()
            .filter(|m| m.level == Level::Commune && m.parent_code == d)
            .collect();
        let cs: Vec<&&ConversionEntry> = conversions
            .iter()
            .filter(|c| c.kind_before.level() == Level::Commune && c.parent_code == d)
            .collect();
        if ms.is_empty() && cs.is_empty() {
            continue;
        }
        levels_used.1 = true;
        item += 1;
        let district = phrase(
            input.after.get(&d).map_or(UnitKind::Huyen, |l| l.kind),
            &input.after.name(&d),
        );
        out.push(DraftBlock::Item(format!(
            "{item}. Sắp xếp các đơn vị hành chính cấp xã của {district} như sau:"
        )));
        let mut k = 0;
        for m in &ms {
            out.push(DraftBlock::Para(format!(
                "{}) {}",
                letter(k),
                merge_sentence(m)
            )));
            k += 1;
        }
        for c in &cs {
            out.push(DraftBlock::Para(format!(
                "{}) {}",
                letter(k),
                conversion_sentence(c)
            )));
            k += 1;
        }
        let kinds = kinds_of(Level::Commune);
        let n = input.after.count_children(&d, Level::Commune, kinds);
        out.push(DraftBlock::Para(format!(
            "{}) Sau khi sắp xếp, {district} có {} đơn vị hành chính cấp xã, {}.",
            letter(k),
            count(n.iter().sum()),
            composition(&n, kinds)
        )));
    }
    item += 1;
    let dk = kinds_of(Level::District);
    let ck = kinds_of(Level::Commune);
    let dn = input.after.count_in_province(p, Level::District, dk);
    let cn = input.after.count_in_province(p, Level::Commune, ck);
    out.push(DraftBlock::Item(format!(
        "{item}. Sau khi sắp xếp, {province} có {} đơn vị hành chính {}, {}; {} đơn vị hành chính {}, {}.",
        count(dn.iter().sum()),
        level_words(Level::District),
        composition(&dn, dk),
        count(cn.iter().sum()),
        level_words(Level::Commune),
        composition(&cn, ck)
    )));
    out
}

/// The items of one province in the 2025 wording: one numbered item per
/// new unit, then the province's communes after the arrangement.
fn nq76_province(
    input: &PhaseInput<'_>,
    p: &UnitCode,
    province: &str,
    merges: &[&MergeEntry],
) -> Vec<DraftBlock> {
    let mut out = vec![DraftBlock::Para(format!(
        "Trên cơ sở Đề án số …/ĐA-CP ngày … tháng … năm … của Chính phủ về sắp xếp các đơn vị hành chính cấp xã của {province} năm {}, Ủy ban Thường vụ Quốc hội quyết định sắp xếp để thành lập các đơn vị hành chính cấp xã của {province} như sau:",
        input.phase.years().0
    ))];
    let mut item = 0;
    for m in merges.iter().filter(|m| m.level == Level::Commune) {
        item += 1;
        out.push(DraftBlock::Item(format!(
            "{item}. {}",
            merge_sentence_2025(m)
        )));
    }
    let kinds = kinds_of(Level::Commune);
    let total = input.after.count_in_province(p, Level::Commune, kinds);
    let mut formed = vec![0u32; kinds.len()];
    for m in merges.iter().filter(|m| m.level == Level::Commune) {
        if let Some(i) = kinds.iter().position(|k| *k == m.new_kind) {
            formed[i] += 1;
        }
    }
    let kept: Vec<u32> = total
        .iter()
        .zip(&formed)
        .map(|(t, f)| t.saturating_sub(*f))
        .collect();
    let part = |n: &[u32]| {
        and_list(
            &n.iter()
                .zip(kinds)
                .filter(|(c, _)| **c > 0)
                .map(|(c, k)| format!("{} {}", count(*c), kind_word(*k)))
                .collect::<Vec<_>>(),
        )
    };
    let mut last = format!(
        "{}. Sau khi sắp xếp, {province} có {} đơn vị hành chính cấp xã, {}; trong đó có {} hình thành sau sắp xếp quy định tại Điều này",
        item + 1,
        count(total.iter().sum()),
        composition(&total, kinds),
        part(&formed)
    );
    if kept.iter().sum::<u32>() > 0 {
        last.push_str(&format!(" và {} không thực hiện sắp xếp", part(&kept)));
    }
    last.push('.');
    out.push(DraftBlock::Item(last));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::model::MemberEntry;

    fn member(code: &str, name: &str, kind: UnitKind, a: f64, p: u64) -> MemberEntry {
        MemberEntry {
            code: UnitCode::from(code),
            name: name.into(),
            kind,
            area_km2: Some(a),
            population: Some(p),
            rule: None,
            target: true,
        }
    }

    fn entry(members: Vec<MemberEntry>, name: &str, kind: UnitKind) -> MergeEntry {
        MergeEntry {
            phase: Phase::Phase2023To2025,
            level: Level::Commune,
            group_id: "1C-1-1".into(),
            year: Some(2024),
            parent_code: UnitCode::from("1"),
            parent_name: "Huyện H".into(),
            province_code: UnitCode::from("01"),
            area_km2: Some(members.iter().filter_map(|m| m.area_km2).sum()),
            population: Some(members.iter().filter_map(|m| m.population).sum()),
            members,
            new_code: UnitCode::from("a"),
            new_name: name.into(),
            new_kind: kind,
            standard_area_km2: 30.0,
            standard_population: 8000.0,
            meets_standard: false,
            standard_tag: None,
            reason: String::new(),
            renamed: None,
            neighbours: vec!["các xã D, E".into(), "huyện G".into()],
        }
    }

    #[test]
    fn a_member_keeping_its_name_receives_the_others() {
        let m = entry(
            vec![
                member("a", "Xã A", UnitKind::Xa, 9.756, 6038),
                member("b", "Xã B", UnitKind::Xa, 12.5, 12345),
            ],
            "Xã B",
            UnitKind::Xa,
        );
        assert_eq!(
            merge_sentence(&m),
            "Nhập toàn bộ diện tích tự nhiên là 9,76 km², quy mô dân số là 6.038 người của xã A vào xã B. \
             Sau khi nhập, xã B có diện tích tự nhiên là 22,26 km² và quy mô dân số là 18.383 người. \
             Xã B giáp các xã D, E và huyện G."
        );
    }

    #[test]
    fn a_new_name_forms_a_new_unit_and_the_2025_wording_lists_members() {
        let m = entry(
            vec![
                member("a", "Xã A", UnitKind::Xa, 1.0, 1000),
                member("b", "Thị trấn B", UnitKind::ThiTran, 2.0, 2000),
            ],
            "Thị trấn C",
            UnitKind::ThiTran,
        );
        assert!(merge_sentence(&m).starts_with(
            "Nhập toàn bộ diện tích tự nhiên là 1,00 km², quy mô dân số là 1.000 người của xã A và \
             toàn bộ diện tích tự nhiên là 2,00 km², quy mô dân số là 2.000 người của thị trấn B \
             để thành lập thị trấn mới có tên gọi là thị trấn C."
        ));
        assert_eq!(
            merge_sentence_2025(&m),
            "Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của xã A và thị trấn B thành thị trấn mới có tên gọi là thị trấn C."
        );
        let three = entry(
            vec![
                member("a", "Xã A", UnitKind::Xa, 1.0, 1),
                member("b", "Xã B", UnitKind::Xa, 1.0, 1),
                member("c", "Xã C", UnitKind::Xa, 1.0, 1),
            ],
            "Xã A",
            UnitKind::Xa,
        );
        assert_eq!(
            merge_sentence_2025(&three),
            "Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các xã A, B và C thành xã mới có tên gọi là xã A."
        );
    }

    #[test]
    fn counts_and_letters_follow_legal_usage() {
        assert_eq!(count(7), "07");
        assert_eq!(count(1024), "1.024");
        assert_eq!(letter(4), "đ");
        assert_eq!(letter(22), "y");
        assert_eq!(letter(23), "aa");
        assert_eq!(
            composition(&[91, 0, 13], kinds_of(Level::Commune)),
            "gồm 91 xã và 13 thị trấn"
        );
    }
}

//! One administrative unit and its attributes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A GSO administrative code, kept as text so that leading zeros survive
/// (`01` province, `001` district, `00001` commune).
///
/// # Invariants
/// Non-empty and trimmed of surrounding whitespace (the loader guarantees it).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitCode(pub String);

impl UnitCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for UnitCode {
    fn from(s: &str) -> Self {
        UnitCode(s.to_string())
    }
}

/// The administrative level of a unit (Hiến pháp 2013 Điều 110: three levels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Cấp tỉnh: tỉnh or thành phố trực thuộc trung ương.
    Province,
    /// Cấp huyện: huyện, quận, thị xã, thành phố thuộc tỉnh / thuộc TP TW.
    District,
    /// Cấp xã: xã, phường, thị trấn.
    Commune,
}

impl Level {
    /// The token used in CSV files (`province`, `district`, `commune`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }

    /// Parses the CSV token; `None` if it is not one of the three.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "province" => Some(Level::Province),
            "district" => Some(Level::District),
            "commune" => Some(Level::Commune),
            _ => None,
        }
    }

    /// The level of this level's children, if any.
    pub fn child(self) -> Option<Level> {
        match self {
            Level::Province => Some(Level::District),
            Level::District => Some(Level::Commune),
            Level::Commune => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind (loại) of an administrative unit, as in the `kind` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Tỉnh (province).
    Tinh,
    /// Thành phố trực thuộc trung ương (centrally-run city).
    ThanhPhoTw,
    /// Huyện (rural district).
    Huyen,
    /// Quận (urban district).
    Quan,
    /// Thị xã (district-level town).
    ThiXa,
    /// Thành phố thuộc tỉnh / thuộc thành phố trực thuộc TW (district-level city).
    ThanhPho,
    /// Xã (rural commune).
    Xa,
    /// Phường (ward).
    Phuong,
    /// Thị trấn (township).
    ThiTran,
}

impl UnitKind {
    /// All kinds, in declaration order.
    pub const ALL: [UnitKind; 9] = [
        UnitKind::Tinh,
        UnitKind::ThanhPhoTw,
        UnitKind::Huyen,
        UnitKind::Quan,
        UnitKind::ThiXa,
        UnitKind::ThanhPho,
        UnitKind::Xa,
        UnitKind::Phuong,
        UnitKind::ThiTran,
    ];

    /// The token used in CSV files (`tinh`, `thanh_pho_tw`, `huyen`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Tinh => "tinh",
            UnitKind::ThanhPhoTw => "thanh_pho_tw",
            UnitKind::Huyen => "huyen",
            UnitKind::Quan => "quan",
            UnitKind::ThiXa => "thi_xa",
            UnitKind::ThanhPho => "thanh_pho",
            UnitKind::Xa => "xa",
            UnitKind::Phuong => "phuong",
            UnitKind::ThiTran => "thi_tran",
        }
    }

    /// Parses the CSV token; `None` if unknown.
    pub fn parse(s: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The level this kind belongs to.
    pub fn level(self) -> Level {
        match self {
            UnitKind::Tinh | UnitKind::ThanhPhoTw => Level::Province,
            UnitKind::Huyen | UnitKind::Quan | UnitKind::ThiXa | UnitKind::ThanhPho => {
                Level::District
            }
            UnitKind::Xa | UnitKind::Phuong | UnitKind::ThiTran => Level::Commune,
        }
    }

    /// Whether the kind is an urban unit (Mục 2 Chương I NQ 1211/2016).
    pub fn is_urban(self) -> bool {
        !matches!(self, UnitKind::Tinh | UnitKind::Huyen | UnitKind::Xa)
    }

    /// The prefix used in official names (`Xã`, `Phường`, `Thành phố`, ...).
    pub fn label_vi_prefix(self) -> &'static str {
        match self {
            UnitKind::ThanhPhoTw | UnitKind::ThanhPho => "Thành phố",
            other => other.label_vi(),
        }
    }

    /// The Vietnamese name of the kind, with diacritics (`Xã`, `Phường`, ...).
    pub fn label_vi(self) -> &'static str {
        match self {
            UnitKind::Tinh => "Tỉnh",
            UnitKind::ThanhPhoTw => "Thành phố trực thuộc TW",
            UnitKind::Huyen => "Huyện",
            UnitKind::Quan => "Quận",
            UnitKind::ThiXa => "Thị xã",
            UnitKind::ThanhPho => "Thành phố",
            UnitKind::Xa => "Xã",
            UnitKind::Phuong => "Phường",
            UnitKind::ThiTran => "Thị trấn",
        }
    }
}

impl fmt::Display for UnitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The round in which a unit was already arranged (`arranged_in` column),
/// which grants exemptions E5/E6 (NQ 35/2023 Điều 3 khoản 2, 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ArrangedIn {
    /// The 2019–2021 round (NQ 653/2019/UBTVQH14).
    #[serde(rename = "2019-2021")]
    Round2019To2021,
    /// The 2023–2025 phase of NQ 35/2023 (set by the planner on phase-1 merges).
    #[serde(rename = "2023-2025")]
    Round2023To2025,
}

impl ArrangedIn {
    /// The CSV token (`2019-2021`, `2023-2025`).
    pub fn as_str(self) -> &'static str {
        match self {
            ArrangedIn::Round2019To2021 => "2019-2021",
            ArrangedIn::Round2023To2025 => "2023-2025",
        }
    }

    /// Parses the CSV token.
    pub fn parse(s: &str) -> Option<ArrangedIn> {
        match s {
            "2019-2021" => Some(ArrangedIn::Round2019To2021),
            "2023-2025" => Some(ArrangedIn::Round2023To2025),
            _ => None,
        }
    }
}

/// Commune class (loại I/II/III, NQ 1211/2016 Chương II), used by the staffing
/// quotas of Decree 33/2023.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum UnitClass {
    /// Loại I.
    I,
    /// Loại II.
    II,
    /// Loại III.
    III,
}

impl UnitClass {
    /// Parses `I`, `II`, `III` (also `1`, `2`, `3`).
    pub fn parse(s: &str) -> Option<UnitClass> {
        match s {
            "I" | "1" => Some(UnitClass::I),
            "II" | "2" => Some(UnitClass::II),
            "III" | "3" => Some(UnitClass::III),
            _ => None,
        }
    }

    /// The roman numeral.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitClass::I => "I",
            UnitClass::II => "II",
            UnitClass::III => "III",
        }
    }
}

/// The result of the voter consultation of one unit ("lấy ý kiến cử tri",
/// Hiến pháp 2013 Điều 110 khoản 2; docs/conditions.md, "Consent as a gate").
///
/// # Invariants
/// `voters > 0`, `agree <= voters`, `agree + disagree <= voters` (checked
/// by the loader).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultation {
    /// Voters on the roll (all voters of the unit, not only those who voted).
    pub voters: u64,
    /// Voters who agreed.
    pub agree: u64,
    /// Voters who disagreed, if given.
    pub disagree: Option<u64>,
    /// The date of the consultation (`YYYY-MM-DD`), if given.
    pub date: Option<String>,
}

impl Consultation {
    /// The share of the voters on the roll who agreed, 0–1.
    pub fn share(&self) -> f64 {
        self.agree as f64 / self.voters as f64
    }

    /// Whether more than `share` of the voters on the roll agreed:
    /// `agree > voters × share`. With `share = 0.5` the comparison is exact
    /// (`2 × agree > voters`); for another share it is made in `f64`, exact
    /// for any realistic roll (below 2^52 voters).
    pub fn passes(&self, share: f64) -> bool {
        if share == 0.5 {
            return self.agree.saturating_mul(2) > self.voters;
        }
        self.agree as f64 > self.voters as f64 * share
    }
}

/// The optional attributes the rules use. `None` always means "unknown in the
/// data", never `false` or zero; the rules state which default they apply.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Attributes {
    /// Miền núi / vùng cao (mountainous or highland).
    pub mountainous: Option<bool>,
    /// Where `mountainous` comes from (`official_list`, `proxy_density`,
    /// `communes_area_majority`, ...), as shipped in the data.
    pub mountainous_basis: Option<String>,
    /// Has a national land border.
    pub land_border: Option<bool>,
    /// Share of the population that is ethnic minority, 0–1.
    pub ethnic_minority_share: Option<f64>,
    /// Island unit (counts as E1 "isolated" for exemption purposes).
    pub island: Option<bool>,
    /// Extremely disadvantaged coastal commune (xã đặc biệt khó khăn vùng bãi ngang, ven biển).
    pub coastal_poor: Option<bool>,
    /// In the Red River Delta (explicit column; otherwise derived from `region`).
    pub red_river_delta: Option<bool>,
    /// Commune class I/II/III.
    pub class: Option<UnitClass>,
    /// E1: isolated location, hard to connect by transport.
    pub isolated: Option<bool>,
    /// E2: boundary unchanged since 1945.
    pub boundary_unchanged_since_1945: Option<bool>,
    /// E3: defence, security, cultural, ethnic or religious reasons.
    pub defense_or_cultural: Option<bool>,
    /// E4: approved plan to become an urban unit, already meeting its standards.
    pub planned_urban: Option<bool>,
    /// Round in which the unit was already arranged.
    pub arranged_in: Option<ArrangedIn>,
    /// Readiness for the merge, 0–1 (scheduling priority).
    pub readiness: Option<f64>,
    /// Share of voters in favour, 0–1 (consultation results given as a share).
    pub consent_share: Option<f64>,
    /// The voter consultation of the unit ("lấy ý kiến cử tri"), as counts
    /// (`consultation.csv`, or the `voters`/`agree` columns of units.csv).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation: Option<Consultation>,
    /// Yearly population growth rate for the phase-2 projection (e.g. 0.012).
    pub growth_rate: Option<f64>,
    /// Seat latitude (WGS84).
    pub lat: Option<f64>,
    /// Seat longitude (WGS84).
    pub lon: Option<f64>,
}

/// One administrative unit as loaded from `units.csv`.
///
/// # Invariants
/// `kind.level() == level`; `parent_code` is `None` only for provinces.
/// `area_km2` and `population`, when known, are finite and non-negative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// GSO code.
    pub code: UnitCode,
    /// Official name with its type prefix, e.g. `Xã Tà Chải`.
    pub name: String,
    /// Level.
    pub level: Level,
    /// Kind.
    pub kind: UnitKind,
    /// Parent code (district for communes, province for districts).
    pub parent_code: Option<UnitCode>,
    /// Natural area in km²; `None` if unknown.
    pub area_km2: Option<f64>,
    /// Population in persons; `None` if unknown.
    pub population: Option<u64>,
    /// Socio-economic region of the province (8-region scheme), if given.
    pub region: Option<String>,
    /// Rule attributes.
    pub attrs: Attributes,
}

impl Unit {
    /// Whether the unit lies in the Red River Delta: the explicit
    /// `red_river_delta` column if given, else `region == "Red River Delta"`,
    /// else `None`.
    pub fn in_red_river_delta(&self) -> Option<bool> {
        self.attrs.red_river_delta.or_else(|| {
            self.region
                .as_deref()
                .map(|r| r.eq_ignore_ascii_case("Red River Delta"))
        })
    }

    /// The name without its type prefix (`Xã Tà Chải` → `Tà Chải`; the
    /// prefix is matched regardless of case: the lists write `Thị Trấn` too).
    pub fn short_name(&self) -> &str {
        short_name_of(&self.name)
    }
}

/// A full unit name without its type prefix (`Xã Tà Chải` → `Tà Chải`,
/// `Thị Trấn Bắc Hà` → `Bắc Hà`); a name without a known prefix is returned
/// as it is.
pub fn short_name_of(name: &str) -> &str {
    const PREFIXES: [&str; 8] = [
        "Thành phố ",
        "Thị trấn ",
        "Thị xã ",
        "Phường ",
        "Huyện ",
        "Quận ",
        "Tỉnh ",
        "Xã ",
    ];
    for p in PREFIXES {
        let n = p.len();
        if name.is_char_boundary(n)
            && name.len() > n
            && name[..n].to_lowercase() == p.to_lowercase()
        {
            return &name[n..];
        }
    }
    name
}

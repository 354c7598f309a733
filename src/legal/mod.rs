//! The legal map: what the map may look like after a merge, and whether the
//! voters agreed to it ([`consent`]).
//!
//! Two rules the plan must keep after every phase (docs/legal-basis.md §2.11):
//! - **structure** ([`kinds`]): a district kind holds only the commune kinds
//!   the Constitution allows it (Hiến pháp 2013 Điều 110 khoản 1: huyện →
//!   xã, thị trấn; thị xã and thành phố → phường, xã; quận → phường only),
//!   read from the rule set's `[[structure]]` table. A district merge either
//!   keeps a kind that can hold every commune it will contain
//!   ([`DistrictKindMode::KeepLegal`]) or proposes the conversions that make
//!   it legal ([`DistrictKindMode::Convert`]);
//! - **names** ([`naming`]): no two communes of one district, and no two
//!   districts of one province, share a full name. When the name NQ 35/2023
//!   Điều 6 suggests (an existing member's name) is taken, another name is
//!   chosen by a documented order, never by appending a code or a counter.

pub mod consent;
pub mod kinds;
pub mod naming;

pub use consent::{Consent, consent_of};
pub use kinds::{
    ChildKinds, ConflictCause, DistrictKindMode, KindChoice, UrbanCheck, choose_district_kind,
    conversion_target, urban_check,
};
pub use naming::{
    NameChange, NameRule, NameUnit, Rename, Resolution, compound, name_key, numbered, resolve_names,
};

//! The one catalogue of what the terminal says, in Vietnamese and English.
//!
//! Every message is a [`Msg`] key with a template per language; named
//! placeholders (`{dir}`, `{n}`) are filled by [`Msg::fill`]. The unit tests
//! check completeness: every key has a non-empty text in both languages
//! with the same placeholders, and no Vietnamese text carries an English
//! word. Commands print through this catalogue (`src/cmd/*`), so a new
//! message cannot be added in one language only.
//!
//! Reports (`report.html`, `summary.md`, the workbook) have their own
//! bilingual texts next to their layout; this catalogue is the terminal's.

use std::fmt::{Display, Write as _};

use super::Lang;

/// Declares the catalogue: `Key => "vi", "en";`. The English text is the
/// key's documentation.
macro_rules! catalogue {
    ($($key:ident => $vi:literal, $en:literal;)*) => {
        /// A message of the terminal; its text per language is
        /// [`Msg::template`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Msg {
            $(#[doc = $en] $key,)*
        }

        impl Msg {
            /// Every key, in declaration order (for completeness tests).
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)*];

            /// The template of this message in `lang`, placeholders unfilled.
            pub fn template(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::Vi) => $vi,
                      (Msg::$key, Lang::En) => $en,)*
                }
            }

            /// The key's name, as written in the catalogue.
            pub fn key(self) -> &'static str {
                match self {
                    $(Msg::$key => stringify!($key),)*
                }
            }
        }
    };
}

catalogue! {
    // Levels and common words.
    LevelProvince => "cấp tỉnh", "province";
    LevelDistrict => "cấp huyện", "district";
    LevelCommune => "cấp xã", "commune";
    ErrorPrefix => "lỗi", "error";
    WarningPrefix => "cảnh báo", "warning";
    Written => "Đã ghi: {path}", "Written: {path}";
    RowsWritten => "{path}: đã ghi {n} dòng", "{path}: {n} rows";
    CannotCreate => "không tạo được {path}", "cannot create {path}";
    CannotWrite => "không ghi được {path}", "cannot write {path}";
    // reorg check and the loader's summary.
    CheckOk => "{dir}: số liệu hợp lệ", "{dir}: ok";
    CheckLevel => "{level} {n} đơn vị, {no_area} thiếu diện tích, {no_pop} thiếu dân số",
        "{level} {n} units, {no_area} without area, {no_pop} without population";
    CheckAdjacency => "{label} {n} cặp đơn vị liền kề", "{label} {n} pairs";
    CheckAdjacencyLabel => "liền kề", "adjacency";
    CheckWarnings => "{n} cảnh báo", "{n} warning(s)";
    InvalidInput => "{dir}: {errors} lỗi, {warnings} cảnh báo",
        "{dir}: {errors} error(s), {warnings} warning(s)";
    // reorg regionalize, target-count mode.
    CountFileEntry => "{path}, dòng {line}, cột {column}: {what}",
        "{path}, line {line}, column {column}: {what}";
    CountFileExpectCode => "cần mã một tỉnh của bộ số liệu, không phải '{value}'",
        "expected the code of a province of the dataset, not '{value}'";
    CountFileExpectCount => "cần một số nguyên không âm, không phải '{value}'",
        "expected a whole number of at least 0, not '{value}'";
    CountFileDuplicate => "tỉnh {code} đã có chỉ tiêu ở dòng {first}",
        "province {code} already has a count on line {first}";
    CountFileMissing => "{path}: không có chỉ tiêu cho {province} (mã {code})",
        "{path}: no count for {province} (code {code})";
    CountReduceRange => "--reduce {share}: cần một tỉ lệ lớn hơn 0 và không quá 1",
        "--reduce {share}: expected a share above 0 and at most 1";
    CountNeedsScope => "chế độ chỉ tiêu số đơn vị cần vùng nằm trong tỉnh: dùng --within district hoặc --within province",
        "the target-count mode needs regions inside provinces: use --within district or --within province";
    CountTooSmall => "{province} (mã {code}): không thể sắp {units} đơn vị thành {count} đơn vị liên thông; số nhỏ nhất có thể là {smallest} (các phần không liền kề trong phạm vi đã chọn)",
        "{province} (code {code}): {units} units cannot form {count} connected units; the smallest feasible count is {smallest} (parts that are not adjacent within the chosen scope)";
    CountTooLarge => "{province} (mã {code}): không thể có {count} đơn vị từ {units} đơn vị; số lớn nhất có thể là {largest}",
        "{province} (code {code}): {count} units cannot come from {units} units; the largest feasible count is {largest}";
    CountSummary => "chỉ tiêu số đơn vị: {provinces} tỉnh, tổng {count} đơn vị (đạt đúng chỉ tiêu)",
        "target counts: {provinces} provinces, {count} units in total (each count met exactly)";
    // The loader's diagnostics, capped to a screenful.
    MoreProblems => "… và {n} vấn đề khác cùng loại ({kinds})",
        "… and {n} more problems of the same kinds ({kinds})";
    // reorg adjacency.
    AdjacencyWritten => "{path}: đã ghi {communes} cặp xã liền kề và {districts} cặp huyện liền kề",
        "{path}: {communes} commune pairs and {districts} district pairs";
    AdjacencyNoPolygon => "{n} đơn vị không có đa giác nên không có cặp liền kề nào: {codes}",
        "{n} unit(s) without a polygon, so without any pair: {codes}";
    // reorg provinces.
    ProvincesCode => "Mã", "Code";
    ProvincesName => "Tên", "Name";
    ProvincesSlug => "Viết không dấu", "Slug";
    ProvincesDistricts => "Cấp huyện", "Districts";
    ProvincesCommunes => "Cấp xã", "Communes";
    // reorg plan.
    ProgressPlanning => "lập phương án", "planning";
    ProgressProvinceReports => "báo cáo tỉnh", "province reports";
    SummaryPhase => "Giai đoạn", "Phase";
    SummaryLevel => "Cấp", "Level";
    SummaryGroups => "Số nhóm", "Groups";
    SummaryDisappear => "Giảm", "Disappear";
    SummaryUnresolved => "Chưa xử lý", "Unresolved";
    SummaryBelow => "Chưa đạt", "Below std";
    YearYear => "Năm", "Year";
    YearMerges => "Số nhóm", "Merges";
    YearBefore => "Xã trước", "Comm. bef.";
    YearAfter => "Xã sau", "Comm. aft.";
    YearPeople => "Dân bị ảnh hưởng", "People affected";
    YearCadres => "Dôi dư CBCC", "Surplus cadr.";
    YearPartTime => "Dôi dư KCT", "Surplus p-t";
    StatsParents => "Đơn vị cấp trên đã lập phương án", "Parents planned";
    StatsCandidates => "phương án ứng viên", "candidate groups";
    StatsNotOptimal => "chưa chứng minh tối ưu", "not proven optimal";
    KindModeKeepLegal => "giữ loại hợp lệ", "keep a legal kind";
    KindModeConvert => "chuyển đổi loại đơn vị cấp xã", "convert communes";
    LegalKindMode => "Loại đơn vị cấp huyện sau nhập", "District kind after a merge";
    LegalKindConflicts => "chưa sắp xếp do xung đột loại", "unresolved for a kind conflict";
    LegalConversions => "chuyển đổi loại", "conversions";
    LegalRenamed => "đổi tên để không trùng", "renamed to keep names unique";
    SelfCheck => "Tự kiểm tra bản đồ sau mỗi giai đoạn (cơ cấu, tên, liền kề, tiêu chuẩn)",
        "Self-check of the map after each phase (structure, names, contiguity, standards)";
    SelfCheckErrors => "lỗi", "errors";
    SelfCheckWarnings => "cảnh báo", "warnings";
    SelfCheckFinding => "reorg: lỗi [{rule}] {phase}: {message}",
        "reorg: error [{rule}] {phase}: {message}";
    SelfCheckFailed => "reorg: phương án không qua bước tự kiểm tra ({n} lỗi); báo cáo liệt kê từng lỗi",
        "reorg: the plan failed its self-check with {n} error(s); the report lists them";
    MissingPolygons => "plan.geojson: {n} đơn vị không có ranh giới trên bản đồ: {codes}",
        "plan.geojson: {n} unit(s) without a polygon: {codes}";
    // reorg backtest.
    BacktestLevel => "Cấp", "level";
    BacktestPredicted => "Dự kiến", "pred";
    BacktestActual => "Thực tế", "actual";
    BacktestUnitP => "ĐV đúng", "unit P";
    BacktestUnitR => "ĐV phủ", "unit R";
    BacktestExact => "Nhóm trùng", "exact groups";
    BacktestShare => "Tỷ lệ", "share";
    BacktestPairP => "Cặp đúng", "pair P";
    BacktestPairR => "Cặp phủ", "pair R";
    BacktestPairF1 => "Cặp F1", "pair F1";
    BacktestSizesPredicted => "Cỡ nhóm dự kiến", "sizes pred";
    BacktestSizesActual => "thực tế", "actual";
    BacktestLegend => "Dự kiến, Thực tế: số đơn vị được nhập theo phương án của công cụ và theo thực tế; ĐV đúng: tỷ lệ đơn vị dự kiến đã thực sự được nhập; ĐV phủ: tỷ lệ đơn vị thực tế đã được dự kiến; Nhóm trùng: số nhóm thực tế được dự kiến đúng từng thành viên; Cặp đúng, Cặp phủ, Cặp F1: như trên, tính trên từng cặp đơn vị cùng nhóm; Cỡ nhóm: tỷ lệ % số nhóm gồm 2/3/4/từ 5 đơn vị.",
        "pred, actual: units merged by the plan and in reality; unit P (precision): share of predicted units actually merged; unit R (recall): share of actual units predicted; exact groups: actual groups predicted member for member; pair P, pair R, pair F1: the same on pairs of units in one group; sizes: % of groups of 2/3/4/5+ units.";
    // The loader's diagnostics: what is wrong and what is expected, per kind
    // (the position file:line:column is printed before).
    DiagLine => "{position}: {severity}: {message}", "{position}: {severity}: {message}";
    DiagColumn => "cột “{column}”", "column '{column}'";
    DiagColumnNumber => "cột thứ {n}", "column {n}";
    DiagValue => "giá trị “{value}”", "value '{value}'";
    DiagSeeLine => "xem dòng {line}", "see line {line}";
    DiagMoreNotShown => "còn {n} trường hợp cùng loại không hiển thị (đã nêu {shown} trường hợp đầu)",
        "{n} more of this kind not shown (first {shown} above)";
    DiagIo => "không đọc được tệp", "cannot read the file";
    DiagNotUtf8 => "tệp không phải văn bản UTF-8; cần lưu tệp dưới dạng CSV UTF-8",
        "the file is not UTF-8; expected a CSV UTF-8 file";
    DiagBom => "tệp bắt đầu bằng dấu BOM của UTF-8 (đã chấp nhận)", "the file starts with a UTF-8 BOM (accepted)";
    DiagMalformed => "dòng sai cấu trúc CSV; cần đúng số ô như dòng tên cột",
        "the row is not valid CSV; expected as many fields as the header";
    DiagMissingColumn => "thiếu cột bắt buộc {columns}; dòng tên cột cần đủ các cột của mẫu số liệu",
        "required column(s) missing: {columns}; expected every column of the data contract";
    DiagDuplicateColumn => "tên cột xuất hiện hai lần ở dòng tên cột; cần tên cột không trùng nhau",
        "a column name appears twice in the header; expected unique names";
    DiagEmptyValue => "ô bắt buộc đang để trống; cần nhập giá trị", "a required cell is empty; expected a value";
    DiagNotANumber => "không phải là số; cần một số (chấp nhận dấu phẩy thập phân)",
        "not a number; expected a number (a decimal comma is accepted)";
    DiagNegativeOrInvalid => "là số âm hoặc không hợp lệ; cần một số không âm, hoặc để trống nếu chưa có số liệu",
        "negative or invalid; expected a number >= 0, or an empty cell for unknown";
    DiagDecimalComma => "dấu phẩy được đọc là dấu thập phân (đã chấp nhận)", "a decimal comma was read as a decimal point (accepted)";
    DiagInvalidValue => "giá trị không thuộc danh mục hoặc ngoài khoảng cho phép của cột này; cần một giá trị theo mẫu số liệu",
        "a value outside the column's set or range; expected a value of the data contract";
    DiagDuplicateCode => "mã đã có ở một dòng trước; mỗi mã chỉ được khai một lần",
        "the code already appears on an earlier row; expected each code once";
    DiagUnknownParent => "mã đơn vị cấp trên không có trong danh sách đơn vị; cần mã của một đơn vị đã khai",
        "the parent code names no unit; expected the code of a listed unit";
    DiagWrongParentLevel => "đơn vị cấp trên không đúng cấp; cần xã thuộc huyện, huyện thuộc tỉnh",
        "the parent is of the wrong level; expected a commune in a district, a district in a province";
    DiagKindLevelMismatch => "loại đơn vị không thuộc cấp của dòng này; cần loại đúng với cấp",
        "the kind does not belong to the row's level; expected a kind of that level";
    DiagUnknownCode => "mã không có trong danh sách đơn vị; cần mã của một đơn vị đã khai",
        "the code is not a listed unit; expected a known code";
    DiagSelfPair => "đơn vị được ghép cặp với chính nó; cần hai đơn vị khác nhau",
        "a unit is paired with itself; expected two different units";
    DiagCrossLevelPair => "cặp liền kề gồm hai đơn vị khác cấp; cần hai đơn vị cùng cấp",
        "the pair joins units of different levels; expected two units of one level";
    DiagRepeatedPair => "cặp liền kề đã có ở dòng trước; mỗi cặp chỉ khai một lần",
        "the pair appears twice; expected each pair once";
    DiagSuspiciousUnit => "giá trị có vẻ sai đơn vị đo (ví dụ héc-ta thay cho km²); cần kiểm tra lại",
        "the value looks like it is in the wrong unit (hectares for km²); check it";
    DiagWhitespace => "đã bỏ khoảng trắng thừa quanh giá trị (đã chấp nhận)", "surrounding spaces were trimmed (accepted)";
    DiagEmpty => "tệp trống hoặc chỉ có dòng tên cột; cần ít nhất một dòng số liệu",
        "the file is empty or has only a header; expected rows";
    DiagEncoding => "tệp được giải mã từ bảng mã khác (UTF-16); nên lưu tệp dưới dạng CSV UTF-8",
        "the file was decoded from UTF-16; save it as CSV UTF-8";
    DiagLineEndings => "tệp dùng ký tự xuống dòng kiểu Windows (đã chấp nhận)", "Windows line endings (accepted)";
    DiagBlankLine => "đã bỏ qua dòng trống (đã chấp nhận)", "blank lines skipped (accepted)";
    DiagDelimiter => "tệp phân cách bằng dấu chấm phẩy hoặc tab thay cho dấu phẩy (đã chấp nhận)",
        "separated by semicolons or tabs instead of commas (accepted)";
    DiagTitleRow => "đã bỏ qua các dòng tiêu đề phía trên dòng tên cột (đã chấp nhận)", "title lines above the header skipped (accepted)";
    DiagAmbiguousNumber => "số có dấu phân cách hàng nghìn hoặc có thể hiểu theo hai cách; cần viết số không có dấu phân cách hàng nghìn",
        "a number with thousands separators or two readings; expected a number without separators";
    DiagExtraEmptyFields => "dòng có thêm ô trống ngoài các cột (đã chấp nhận)", "extra empty fields beyond the header (accepted)";
    DiagBadCode => "mã không đúng dạng; cần dãy chữ số theo mã đơn vị hành chính của Tổng cục Thống kê",
        "a code that is not a plain code; expected digits, as GSO codes are";
    DiagFormulaLike => "ô bắt đầu bằng ký tự mà bảng tính hiểu là công thức (đã chấp nhận, được vô hiệu hóa khi ghi ra)",
        "a cell a spreadsheet would run as a formula (accepted, neutralised in outputs)";
    DiagUnknownRegion => "vùng không thuộc danh mục; mức giảm tiêu chuẩn theo vùng sẽ không được áp dụng",
        "an unknown region; regional reductions will not apply";
    DiagImplausible => "dân số hoặc diện tích lớn hơn mọi đơn vị thực tế; cần kiểm tra lại",
        "a population or area beyond any real unit; check it";
    DiagParentKind => "đơn vị cấp xã thuộc loại mà đơn vị cấp huyện này không được có (Hiến pháp 2013 Điều 110)",
        "a commune of a kind its district may not hold (Hiến pháp 2013 Điều 110)";
    DiagNotNfc => "tên viết bằng dấu tổ hợp; đã chuẩn hóa sang dạng dựng sẵn (đã chấp nhận)",
        "decomposed diacritics normalised to NFC (accepted)";
    // Errors reaching the user (main, anyhow's edge).
    ErrorLine => "reorg: lỗi: {message}", "reorg: error: {message}";
    ErrCausedBy => "nguyên nhân", "caused by";
    ErrUnknownRuleSet => "không có bộ quy tắc “{name}”: không phải bộ quy tắc có sẵn ({known}) và không có tệp nào như vậy",
        "unknown rule set `{name}`: not a built-in set ({known}) and no such file";
    ErrReadRuleSet => "{path}: không đọc được bộ quy tắc: {reason}",
        "{path}: cannot read the rule set: {reason}";
    ErrRuleSetInvalidValue => "{path}:{line}:{column}: {field} = {value}: giá trị không hợp lệ, cần {expected}",
        "{path}:{line}:{column}: {field} = {value}: expected {expected}";
    ErrRuleSetSyntax => "{path}:{line}:{column}: bộ quy tắc sai cú pháp: {message}",
        "{path}:{line}:{column}: {message}";
    ErrReadScenario => "{path}: không đọc được tệp kịch bản: {reason}",
        "{path}: cannot read the scenario file: {reason}";
    ErrScenarioSyntax => "{path}:{line}:{column}: kịch bản không hợp lệ: {message}",
        "{path}:{line}:{column}: invalid scenario: {message}";
    ErrScenarioValue => "{path}: giá trị “{field}” của kịch bản không hợp lệ: {message}",
        "{path}: invalid scenario value for '{field}': {message}";
    ErrReadReport => "{path}: không đọc được số liệu báo cáo: {reason}",
        "{path}: cannot read the report data: {reason}";
    ErrReportData => "{path}:{line}:{column}: số liệu báo cáo không hợp lệ: {message}",
        "{path}:{line}:{column}: invalid report data: {message}";
    ErrUnknownProvince => "không có tỉnh mã “{code}” trong bộ số liệu",
        "province '{code}' is not in the dataset";
    ErrUnknownLockedUnit => "kịch bản nêu đơn vị mã “{code}”, không có trong bộ số liệu",
        "the scenario names unit '{code}', which is not in the dataset";
    ErrInvalidInput => "số liệu đầu vào có {n} lỗi; lỗi đầu tiên: {first}",
        "{n} error(s) in the input; first: {first}";
    ErrNoCriteria => "bộ quy tắc “{name}” không có tiêu chí đơn vị thuộc diện sắp xếp nên không có gì để lập phương án theo giai đoạn; hãy dùng lệnh reorg regionalize để gộp các đơn vị theo tiêu chuẩn của bộ quy tắc này",
        "the rule set '{name}' names no criterion of units that must be arranged, so there is nothing to plan by phase; use 'reorg regionalize' to group the units to its standards";
    ErrProvinceNear => "không có tỉnh “{token}” trong bộ số liệu; có phải là: {near}?",
        "no province '{token}' in the dataset; did you mean: {near}?";
    ErrProvinceNone => "không có tỉnh “{token}” trong bộ số liệu; lệnh “reorg provinces THƯ_MỤC” liệt kê mã và tên các tỉnh",
        "no province '{token}' in the dataset; 'reorg provinces DIR' lists their codes and names";
    ErrNotFound => "không tìm thấy tệp hoặc thư mục", "no such file or directory";
    ErrPermission => "không có quyền truy cập", "permission denied";
    ErrIsADirectory => "là một thư mục, không phải tệp", "is a directory, not a file";
    ErrInvalidUtf8 => "tệp không phải văn bản UTF-8", "the file is not UTF-8 text";
    ErrOtherIo => "lỗi đọc ghi ({kind})", "input/output error ({kind})";
    // clap's usage errors (exit code 2), in Vietnamese.
    UsageError => "reorg: lỗi cú pháp lệnh: {message}", "reorg: usage error: {message}";
    UsageHeading => "Cách dùng", "Usage";
    UsageMoreHelp => "Xem hướng dẫn: {command} --help", "For more information, try '{command} --help'.";
    UsageUnknownArgument => "không có tham số “{arg}”", "unexpected argument '{arg}'";
    UsageSuggest => "có phải ý bạn là “{suggestion}”?", "did you mean '{suggestion}'?";
    UsageUnknownCommand => "không có lệnh “{arg}”", "unrecognized subcommand '{arg}'";
    UsageInvalidValue => "giá trị “{value}” không hợp lệ cho {arg}", "invalid value '{value}' for {arg}";
    UsagePossibleValues => "các giá trị được chấp nhận: {values}", "possible values: {values}";
    UsageMissing => "thiếu tham số bắt buộc: {args}", "missing required arguments: {args}";
    UsageConflict => "{arg} không dùng được cùng với {other}", "{arg} cannot be used with {other}";
    UsageValueCount => "số giá trị của {arg} không đúng", "wrong number of values for {arg}";
    UsageOther => "dòng lệnh không hợp lệ", "invalid command line";
    // Headings and words of --help.
    HelpCommands => "Lệnh", "Commands";
    HelpCommandValue => "LỆNH", "COMMAND";
    HelpArguments => "Tham số", "Arguments";
    HelpOptions => "Tùy chọn", "Options";
    HelpDefault => "mặc định: {value}", "default: {value}";
    HelpValues => "giá trị: {values}", "possible values: {values}";
    // reorg serve.
    ServeListening => "Bàn làm việc của {province}: http://{addr}/ (nhấn Ctrl-C để dừng)",
        "Workbench of {province}: http://{addr}/ (Ctrl-C to stop)";
}

impl Msg {
    /// The text of this message in `lang` (a message without placeholders).
    pub fn text(self, lang: Lang) -> &'static str {
        self.template(lang)
    }

    /// The text in `lang` with its placeholders filled: `{name}` is replaced
    /// by the value of `name` in `args`; an unknown placeholder is kept as
    /// written (the completeness test forbids them).
    ///
    /// # Complexity
    /// O(length of the template + length of the values).
    pub fn fill(self, lang: Lang, args: &[(&str, &dyn Display)]) -> String {
        let template = self.template(lang);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return out;
            };
            let name = &after[..end];
            match args.iter().find(|(n, _)| *n == name) {
                Some((_, v)) => {
                    let _ = write!(out, "{v}");
                }
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The placeholders of the template in `lang`, sorted.
    pub fn placeholders(self, lang: Lang) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut rest = self.template(lang);
        while let Some(start) = rest.find('{') {
            let after = &rest[start + 1..];
            let Some(end) = after.find('}') else { break };
            out.push(&after[..end]);
            rest = &after[end + 1..];
        }
        out.sort_unstable();
        out
    }
}

/// The English notes of the built-in rule sets' sources (`rulesets/*.toml`,
/// e.g. "NQ 1211/2016 Điều 4 (original text)") in Vietnamese: the article
/// stays as written, the note is translated. Longer phrases come first.
pub const SOURCE_NOTES_VI: &[(&str, &str)] = &[
    (
        "original text; may have been changed by NQ 27/2022",
        "nguyên văn; có thể đã được NQ 27/2022 sửa đổi",
    ),
    (
        "original text, in force in 2019",
        "nguyên văn, có hiệu lực năm 2019",
    ),
    ("original text", "nguyên văn"),
    (
        "2024 Q&A quoting the standard",
        "bài hỏi đáp năm 2024 trích dẫn tiêu chuẩn",
    ),
    ("Q&A quoting the article", "bài hỏi đáp trích dẫn điều này"),
    (
        "text not found; believed value",
        "chưa tìm thấy văn bản; giá trị được cho là đúng",
    ),
    ("legal basis §", "cơ sở pháp lý §"),
    (
        "validated on the Nghệ An cases",
        "đã đối chiếu với các trường hợp của Nghệ An",
    ),
    (
        "applied to the 2025 standards (Nghệ An cases)",
        "áp dụng cho tiêu chuẩn năm 2025 (các trường hợp của Nghệ An)",
    ),
    ("applied in 2025", "đã áp dụng năm 2025"),
    ("use under NQ 76 not found", "chưa thấy áp dụng theo NQ 76"),
    ("in the Red River Delta", "ở vùng Đồng bằng sông Hồng"),
    (
        "seen only in draft-stage reports",
        "chỉ thấy trong các báo cáo ở giai đoạn dự thảo",
    ),
    ("assumed analogous to ", "giả định tương tự "),
    ("NQ 653 text not found", "chưa tìm thấy văn bản NQ 653"),
    (
        "in practice four island districts were not arranged for that reason",
        "thực tế bốn huyện đảo không sắp xếp vì lý do này",
    ),
    ("article number not recorded", "chưa ghi nhận số điều"),
    (
        "xã and thị trấn merge into a xã",
        "xã và thị trấn nhập thành xã",
    ),
    (
        "xã and thị trấn are arranged into xã",
        "xã và thị trấn được sắp xếp thành xã",
    ),
    ("% of ", "% của "),
];

/// A rule's source in `lang`: for Vietnamese, the notes of
/// [`SOURCE_NOTES_VI`] translated (a custom rule set's own notes are kept
/// as written); English unchanged.
///
/// # Complexity
/// O(notes × length of the text).
pub fn source_note(text: &str, lang: Lang) -> String {
    let mut out = text.to_string();
    if lang == Lang::Vi {
        for (en, vi) in SOURCE_NOTES_VI {
            if out.contains(en) {
                out = out.replace(en, vi);
            }
        }
    }
    out
}

/// English function words that never occur in Vietnamese text: a
/// Vietnamese output holding one of them as a whole word holds an English
/// sentence. Used by the catalogue's tests and the terminal tests.
pub const ENGLISH_WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "is",
    "are",
    "was",
    "were",
    "not",
    "for",
    "with",
    "from",
    "by",
    "or",
    "this",
    "that",
    "which",
    "without",
    "into",
    "only",
    "been",
    "may",
    "its",
    "their",
    "be",
    "has",
    "have",
    "error",
    "errors",
    "warning",
    "warnings",
    "units",
    "unit",
    "found",
    "expected",
    "written",
    "rows",
    "cannot",
    "unknown",
    "invalid",
    "missing",
    "file",
    "folder",
    "original",
    "text",
    "quoting",
    "seen",
    "assumed",
    "applied",
    "validated",
    "should",
    "must",
];

/// The English words of [`ENGLISH_WORDS`] that `text` holds as whole words
/// (ASCII letters delimited by anything else), each once, in order of first
/// occurrence.
pub fn english_words_in(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
        let lower = word.to_ascii_lowercase();
        if !lower.is_empty() && ENGLISH_WORDS.contains(&lower.as_str()) && !found.contains(&lower) {
            found.push(lower);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_text_in_both_languages_with_the_same_placeholders() {
        assert!(Msg::ALL.len() > 50);
        for &m in Msg::ALL {
            for lang in [Lang::Vi, Lang::En] {
                assert!(!m.template(lang).trim().is_empty(), "{} {lang}", m.key());
            }
            assert_eq!(
                m.placeholders(Lang::Vi),
                m.placeholders(Lang::En),
                "{}: placeholders differ",
                m.key()
            );
        }
    }

    #[test]
    fn vietnamese_texts_hold_no_english_word() {
        for &m in Msg::ALL {
            // Placeholders are names, not words of the sentence.
            let mut text = m.template(Lang::Vi).to_string();
            for p in m.placeholders(Lang::Vi) {
                text = text.replace(&format!("{{{p}}}"), " ");
            }
            let words = english_words_in(&text);
            assert!(words.is_empty(), "{}: {words:?} in {text:?}", m.key());
        }
    }

    #[test]
    fn the_scan_finds_english_words_whole() {
        assert_eq!(english_words_in("Đã ghi: 3 rows"), vec!["rows"]);
        assert!(english_words_in("Thổ Tang, thị trấn, theory").is_empty());
        assert_eq!(english_words_in("the_unit"), vec!["the", "unit"]);
    }

    #[test]
    fn source_notes_are_translated() {
        assert_eq!(
            source_note("NQ 1211/2016 Điều 4 (original text) [S4]", Lang::Vi),
            "NQ 1211/2016 Điều 4 (nguyên văn) [S4]"
        );
        assert_eq!(
            source_note("NQ 1211/2016 Điều 4 (original text) [S4]", Lang::En),
            "NQ 1211/2016 Điều 4 (original text) [S4]"
        );
        for (en, vi) in SOURCE_NOTES_VI {
            assert!(english_words_in(vi).is_empty(), "{en} -> {vi}");
        }
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        let s = Msg::CheckLevel.fill(
            Lang::Vi,
            &[
                ("level", &"cấp xã"),
                ("n", &12),
                ("no_area", &0),
                ("no_pop", &1),
            ],
        );
        assert_eq!(s, "cấp xã 12 đơn vị, 0 thiếu diện tích, 1 thiếu dân số");
        assert_eq!(Msg::Written.fill(Lang::En, &[]), "Written: {path}");
        assert_eq!(Msg::LevelDistrict.text(Lang::Vi), "cấp huyện");
    }
}

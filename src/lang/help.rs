//! `--help` in Vietnamese: the texts of every command and flag, keyed by
//! their path (`plan`, `plan.province`), and [`localize_command`], which
//! puts them, the headings and the usage line into a clap command; and
//! [`usage_error`], clap's usage errors in the catalogue's words.
//!
//! The English help is the doc comments of the flags (clap derive); this
//! table is their Vietnamese counterpart. The binary's tests walk the whole
//! command tree and require an entry for every command and flag, so a new
//! flag cannot ship without its Vietnamese help.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

use super::{Lang, Msg};

/// Vietnamese help texts: `(path, text)`. The path is the command's name
/// (`""` for `reorg` itself), or `command.arg_id`; a global flag is keyed
/// by its id alone; `help`, `version` and the `help` command's own entries
/// are shared by every command.
pub const HELP_VI: &[(&str, &str)] = &[
    (
        "",
        "Lập phương án sắp xếp đơn vị hành chính cấp huyện, cấp xã (Nghị quyết 35/2023/UBTVQH15).",
    ),
    (
        "after_help",
        "Mã thoát: 0 thành công (kể cả khi nơi nhận kết quả đóng sớm); 1 số liệu không hợp lệ hoặc yêu cầu không thực hiện được; 2 sai cú pháp lệnh.",
    ),
    ("help", "In hướng dẫn này"),
    ("version", "In phiên bản"),
    (
        "no_bom",
        "Ghi tệp CSV không kèm dấu BOM UTF-8 (cho các chương trình xử lý tiếp; mặc định có dấu BOM để Excel đọc đúng tiếng Việt).",
    ),
    (
        "help-command",
        "In hướng dẫn chung hoặc hướng dẫn của một lệnh",
    ),
    ("help-command.subcommand", "Lệnh cần xem hướng dẫn"),
    (
        "check",
        "Kiểm tra thư mục số liệu (units.csv, adjacency.csv) và in tóm tắt.",
    ),
    (
        "check.dir",
        "Thư mục số liệu gồm units.csv và adjacency.csv.",
    ),
    (
        "check.lang",
        "Ngôn ngữ của thông báo (mặc định theo biến môi trường LANG).",
    ),
    (
        "plan",
        "Lập phương án nhập: cả hai cấp, cả hai giai đoạn; ghi plan.csv cùng các bảng, biểu đồ, báo cáo vào thư mục báo cáo.",
    ),
    (
        "plan.dir",
        "Thư mục số liệu gồm units.csv và adjacency.csv (và thư mục geometry/ để vẽ bản đồ).",
    ),
    (
        "plan.province",
        "Chỉ lập cho tỉnh này: mã tỉnh (26), tên tỉnh (\"Vĩnh Phúc\") hoặc tên viết liền không dấu (vinh-phuc); báo cáo có bản đồ.",
    ),
    (
        "plan.each_province",
        "Thêm một báo cáo cho mỗi tỉnh (có bản đồ) trong thư mục con mang mã tỉnh, ngoài báo cáo toàn quốc.",
    ),
    (
        "plan.scenario",
        "Tệp kịch bản (TOML); không có thì áp dụng đúng quy định với các mặc định đã nêu trong tài liệu.",
    ),
    (
        "plan.rules",
        "Bộ quy tắc (tên có sẵn hoặc đường dẫn tệp TOML); thay cho bộ quy tắc của kịch bản.",
    ),
    (
        "plan.targets",
        "Danh sách đơn vị sắp xếp trong giai đoạn đầu do tỉnh quyết định: tệp mã hoặc tên đơn vị, mỗi dòng một đơn vị; chỉ lập phương án cho đúng các đơn vị này, các đơn vị thuộc diện bắt buộc khác được hoãn (thay cho danh sách trong kịch bản).",
    ),
    (
        "plan.out",
        "Thư mục kết quả; mặc định là reports/<tên kịch bản>/, hoặc reports/tinh-<mã tỉnh>/<tên kịch bản>/ khi có --province.",
    ),
    (
        "plan.lang",
        "Ngôn ngữ của báo cáo và của thông báo; thay cho ngôn ngữ của kịch bản.",
    ),
    (
        "plan.force",
        "Thay báo cáo của một kịch bản khác trong thư mục kết quả (thư mục không phải báo cáo của reorg thì không bao giờ bị thay; các tệp reorg không ghi được giữ nguyên).",
    ),
    (
        "plan.no_charts",
        "Không vẽ biểu đồ (nhanh hơn; chỉ có bảng và báo cáo).",
    ),
    (
        "plan.no_geojson",
        "Không ghi plan.geojson (bản đồ phương án cho QGIS).",
    ),
    ("plan.quiet", "Không hiện thanh tiến độ."),
    (
        "backtest",
        "Lập phương án cho một đợt đã qua và so sánh với các phương án nhập đã thực hiện.",
    ),
    (
        "backtest.dir",
        "Thư mục số liệu đầu đợt (ví dụ data/vn/2019).",
    ),
    (
        "backtest.actual",
        "Các thay đổi thực tế (định dạng như data/vn/backtest/merges_2019_2021.csv).",
    ),
    ("backtest.rules", "Bộ quy tắc của đợt."),
    (
        "backtest.scenario",
        "Tệp kịch bản (TOML) cho các thiết lập của bộ lập phương án.",
    ),
    (
        "backtest.out",
        "Ghi kết quả đối chiếu của từng tỉnh vào tệp CSV này.",
    ),
    (
        "backtest.lang",
        "Ngôn ngữ của bảng kết quả (mặc định theo biến môi trường LANG).",
    ),
    ("backtest.quiet", "Không hiện thanh tiến độ."),
    (
        "calibrate",
        "Hiệu chỉnh trọng số của hàm mục tiêu theo một đợt đã qua (điểm đối chiếu) và in bảng kết quả.",
    ),
    (
        "calibrate.dir",
        "Thư mục số liệu đầu đợt (ví dụ data/vn/2019).",
    ),
    (
        "calibrate.actual",
        "Các thay đổi thực tế (định dạng như data/vn/backtest/merges_2019_2021.csv).",
    ),
    ("calibrate.rules", "Bộ quy tắc của đợt."),
    (
        "calibrate.scenario",
        "Tệp kịch bản (TOML) cho các thiết lập khác; hàm mục tiêu của nó được chấm điểm ở dòng “scenario”.",
    ),
    (
        "calibrate.passes",
        "Số lượt tìm kiếm tối đa cho mỗi lần hiệu chỉnh.",
    ),
    ("calibrate.quiet", "Không in thông báo tiến độ."),
    (
        "evaluate",
        "Đánh giá một phương án do tỉnh đề xuất (tệp CSV, sổ tính Excel hoặc thư mục phương án) theo quy định, và lập báo cáo như lệnh plan.",
    ),
    (
        "evaluate.after_help",
        "Phương án có thể ở một trong các dạng: mỗi thành viên một dòng (nhóm, thành viên; có thể thêm cột giai đoạn, năm, tên mới, loại sau sắp xếp, trụ sở); bảng phương án mà lệnh plan ghi ra (hoặc thư mục của nó); nhật ký thay đổi (mã cũ, mã mới), gộp theo mã mới. Thành viên ghi theo mã hoặc theo tên (không phân biệt hoa thường; thêm tên huyện trong ngoặc khi tên bị trùng).\n\nMã thoát: 0 đã đánh giá, không có lỗi; 1 số liệu không hợp lệ (không đọc được phương án, thành viên không rõ hoặc trùng tên): không ghi gì; 2 sai cú pháp lệnh; 3 đã đánh giá và ghi báo cáo nhưng có ít nhất một lỗi (nhóm không hợp lệ).",
    ),
    (
        "evaluate.dir",
        "Thư mục số liệu gồm units.csv và adjacency.csv (và thư mục geometry/ để vẽ bản đồ).",
    ),
    (
        "evaluate.proposal",
        "Phương án cần đánh giá: tệp CSV, sổ tính .xlsx, hoặc thư mục phương án / plan.csv.",
    ),
    (
        "evaluate.sheet",
        "Trang tính của sổ tính (mặc định: trang đầu tiên).",
    ),
    (
        "evaluate.province",
        "Tỉnh, theo mã, tên hoặc tên viết liền không dấu (“26”, “Vĩnh Phúc”, “vinh-phuc”); mặc định: tỉnh chứa mọi đơn vị của phương án.",
    ),
    (
        "evaluate.scenario",
        "Tệp kịch bản (TOML); không có thì áp dụng đúng quy định với các mặc định đã nêu trong tài liệu.",
    ),
    (
        "evaluate.rules",
        "Bộ quy tắc (tên có sẵn hoặc đường dẫn tệp TOML); thay cho bộ quy tắc của kịch bản.",
    ),
    (
        "evaluate.out",
        "Thư mục kết quả; mặc định là reports/danh-gia-<tên tệp phương án>/.",
    ),
    (
        "evaluate.lang",
        "Ngôn ngữ của báo cáo và thông báo; thay cho ngôn ngữ của kịch bản.",
    ),
    (
        "evaluate.complete",
        "Giữ nguyên từng nhóm của phương án và để công cụ sắp xếp các đơn vị bắt buộc mà phương án chưa nêu.",
    ),
    (
        "evaluate.force",
        "Thay báo cáo của một kịch bản khác trong thư mục kết quả.",
    ),
    ("evaluate.no_charts", "Không vẽ biểu đồ."),
    ("evaluate.no_geojson", "Không ghi plan.geojson."),
    ("evaluate.quiet", "Không hiện thanh tiến độ."),
    (
        "serve",
        "Mở bàn làm việc của phương án trong trình duyệt: bản đồ một tỉnh, sửa nhóm, đánh giá ngay theo quy định, xuất tệp và lập báo cáo.",
    ),
    (
        "serve.after_help",
        "Mở địa chỉ được in ra bằng trình duyệt. Máy chủ chỉ nghe trên 127.0.0.1 trừ khi có --listen; yêu cầu từ nguồn khác bị từ chối. Tệp xuất và báo cáo chỉ được ghi vào thư mục của --out.",
    ),
    (
        "serve.dir",
        "Thư mục số liệu gồm units.csv, adjacency.csv và thư mục geometry/.",
    ),
    (
        "serve.province",
        "Tỉnh, theo mã, tên hoặc tên viết liền không dấu (“26”, “Vĩnh Phúc”, “vinh-phuc”); mặc định: tỉnh đầu tiên của bộ số liệu.",
    ),
    (
        "serve.scenario",
        "Tệp kịch bản (TOML); không có thì áp dụng đúng quy định với các mặc định đã nêu trong tài liệu.",
    ),
    ("serve.port", "Cổng mạng (0: một cổng bất kỳ còn trống)."),
    ("serve.listen", "Địa chỉ mạng để nghe."),
    (
        "serve.out",
        "Thư mục cho tệp xuất và báo cáo; mặc định là reports/ban-lam-viec/.",
    ),
    (
        "rules",
        "In bộ quy tắc: tiêu chuẩn kèm nguồn và nhãn kiểm chứng, tiêu chí, trường hợp không bắt buộc.",
    ),
    (
        "rules.set",
        "Bộ quy tắc có sẵn cần in (nq35-2023, nq653-2019, nq76-2025).",
    ),
    (
        "rules.rules",
        "Bộ quy tắc cần in: tên có sẵn hoặc đường dẫn tệp TOML.",
    ),
    (
        "rules.lang",
        "Ngôn ngữ (mặc định theo biến môi trường LANG).",
    ),
    (
        "rules.toml",
        "In bộ quy tắc dưới dạng TOML (điểm xuất phát cho một bộ quy tắc riêng).",
    ),
    (
        "assess",
        "Đánh giá từng đơn vị cấp huyện, cấp xã theo bộ quy tắc, cho từng giai đoạn.",
    ),
    (
        "assess.dir",
        "Thư mục số liệu gồm units.csv và adjacency.csv.",
    ),
    (
        "assess.rules",
        "Bộ quy tắc: tên có sẵn (nq35-2023, nq653-2019, nq76-2025) hoặc đường dẫn tệp TOML.",
    ),
    (
        "assess.province",
        "Chỉ các đơn vị cấp huyện, cấp xã của tỉnh này: mã tỉnh (26), tên tỉnh (\"Vĩnh Phúc\") hoặc tên viết liền không dấu (vinh-phuc).",
    ),
    (
        "assess.out",
        "Ghi mỗi đơn vị, mỗi giai đoạn một dòng vào tệp CSV này.",
    ),
    (
        "assess.lang",
        "Ngôn ngữ của nhãn và giả định (tệp CSV: mặc định tiếng Việt; màn hình: theo biến môi trường LANG).",
    ),
    (
        "compare",
        "So sánh thư mục báo cáo của hai kịch bản (số lượng, đơn vị và dân số liên quan, phương án chỉ có ở một bên, dôi dư).",
    ),
    (
        "compare.a",
        "Thư mục báo cáo của kịch bản A (có report.json), hoặc chính tệp đó.",
    ),
    ("compare.b", "Thư mục báo cáo của kịch bản B."),
    (
        "compare.lang",
        "Ngôn ngữ của bản so sánh (tệp: mặc định tiếng Việt; màn hình: theo biến môi trường LANG).",
    ),
    (
        "compare.out",
        "Ghi compare.md và compare.html vào thư mục này thay vì in ra màn hình.",
    ),
    (
        "regionalize",
        "Nhập các đơn vị thành nhiều vùng liền kề nhất mà mỗi vùng đạt một tiêu chuẩn: ngưỡng dân số và diện tích, hoặc tiêu chuẩn của một bộ quy tắc (bài toán max-p).",
    ),
    (
        "regionalize.dir",
        "Thư mục số liệu gồm units.csv và adjacency.csv.",
    ),
    (
        "regionalize.instance",
        "Bài toán mẫu để đối chiếu (JSON) thay cho thư mục số liệu.",
    ),
    (
        "regionalize.pop",
        "Dân số tối thiểu của mỗi đơn vị mới (cùng thư mục số liệu: tham số này, --rules hoặc --scenario).",
    ),
    (
        "regionalize.area",
        "Diện tích tự nhiên tối thiểu (km²) của mỗi đơn vị mới (cùng thư mục số liệu: tham số này, --rules hoặc --scenario).",
    ),
    (
        "regionalize.rules",
        "Thay cho --pop/--area: mỗi đơn vị mới đạt tiêu chuẩn mà bộ quy tắc quy định cho nó (tên có sẵn, ví dụ nq76-2025, hoặc tệp TOML), theo loại, địa hình, biên giới và tỉnh; đơn vị được miễn (ví dụ hải đảo) giữ nguyên.",
    ),
    (
        "regionalize.scenario",
        "Thiết lập lấy từ tệp kịch bản; tham số dòng lệnh được ưu tiên. Xem scenarios/sap-xep-2025.toml.",
    ),
    (
        "regionalize.no_group_exemptions",
        "Mọi đơn vị mới đều phải đạt tiêu chuẩn: bỏ qua trường hợp miễn theo nhóm của bộ quy tắc.",
    ),
    (
        "regionalize.within",
        "Vùng nằm trọn trong mỗi huyện, mỗi tỉnh, hoặc không giới hạn (cả nước); mặc định: huyện, hoặc theo kịch bản.",
    ),
    (
        "regionalize.province",
        "Chỉ các đơn vị của tỉnh này: mã tỉnh (26), tên tỉnh (\"Vĩnh Phúc\") hoặc tên viết liền không dấu (vinh-phuc).",
    ),
    (
        "regionalize.count_file",
        "Chế độ chỉ tiêu: số đơn vị mới của từng tỉnh, từ tệp CSV có các cột province_code,count (mọi tỉnh của lần chạy); mỗi tỉnh được chia đúng số đơn vị liên thông đó, đạt tiêu chuẩn ở mức nhiều nhất có thể, giữ nguyên nhiều đơn vị nhất.",
    ),
    (
        "regionalize.reduce",
        "Chế độ chỉ tiêu: mỗi tỉnh giữ tỉ lệ này số đơn vị hiện có (lớn hơn 0, không quá 1): chỉ tiêu = tỉ lệ × số đơn vị, làm tròn đến số nguyên gần nhất (nửa làm tròn lên), ít nhất 1.",
    ),
    ("regionalize.level", "Cấp của các đơn vị được nhập."),
    ("regionalize.out", "Ghi mỗi vùng một dòng vào tệp CSV này."),
    (
        "regionalize.report",
        "Ghi hồ sơ phương án vào thư mục này: bảng vùng, sổ tính Excel, dự thảo nghị quyết, tóm tắt và báo cáo (có bản đồ khi chọn một tỉnh).",
    ),
    (
        "regionalize.geojson",
        "Ghi các vùng dưới dạng GeoJSON vào tệp này (ranh giới gộp từ thư mục geometry/ của bộ số liệu).",
    ),
    (
        "regionalize.map",
        "Vẽ bản đồ các vùng của tỉnh ra tệp SVG và PNG (cần --province và thư mục geometry/).",
    ),
    (
        "regionalize.map_dir",
        "Vẽ bản đồ từng tỉnh vào thư mục này (mọi tỉnh, hoặc chỉ tỉnh chọn bằng --province).",
    ),
    (
        "regionalize.mode",
        "Với bài toán mẫu: vùng trong từng huyện hoặc không giới hạn.",
    ),
    (
        "regionalize.labels_out",
        "Với bài toán mẫu: ghi mã vùng của từng đơn vị ra tệp JSON.",
    ),
    (
        "regionalize.time_limit",
        "Dừng tìm kiếm sau số giây này (kết quả vẫn hợp lệ nhưng có thể phụ thuộc tốc độ máy).",
    ),
    (
        "regionalize.seed",
        "Hạt giống ngẫu nhiên của các lần khởi động lại.",
    ),
    (
        "regionalize.max_neighbourhood",
        "Kích thước lân cận lớn nhất (số đơn vị, 16–64) của bước cải thiện ở các thành phần quá lớn để giải chính xác; mặc định 32 hoặc theo kịch bản.",
    ),
    (
        "regionalize.threads",
        "Số luồng xử lý (mặc định: mọi CPU; kết quả không phụ thuộc vào số luồng).",
    ),
    ("regionalize.lang", "Ngôn ngữ của tóm tắt và hồ sơ."),
    ("regionalize.quiet", "Không hiện thanh tiến độ."),
    (
        "provinces",
        "Liệt kê các tỉnh của bộ số liệu: mã, tên, tên viết không dấu (đều dùng được cho --province), số đơn vị cấp huyện và cấp xã.",
    ),
    (
        "provinces.dir",
        "Thư mục số liệu gồm units.csv và adjacency.csv.",
    ),
    (
        "provinces.lang",
        "Ngôn ngữ của tiêu đề cột (mặc định theo biến môi trường LANG).",
    ),
    (
        "adjacency",
        "Lập tệp adjacency.csv (các cặp xã, cặp huyện liền kề và chiều dài đường ranh giới chung, km) từ các đa giác GeoJSON.",
    ),
    (
        "adjacency.geojson",
        "Các tệp GeoJSON đa giác cấp xã (thuộc tính code và district_code, như geometry/<mã tỉnh>.geojson) hoặc thư mục chứa chúng (mọi tệp *.geojson); ranh giới giữa các tệp cũng được tính.",
    ),
    (
        "adjacency.out",
        "Ghi các cặp vào tệp CSV này (ghi trọn vẹn hoặc không ghi gì); mặc định in ra màn hình.",
    ),
    (
        "adjacency.lang",
        "Ngôn ngữ của thông báo (mặc định theo biến môi trường LANG).",
    ),
];

/// Vietnamese placeholders of the flags' values, by clap's English value
/// name (`DIR`, `PROVINCE`).
pub const VALUE_NAMES_VI: &[(&str, &str)] = &[
    ("DIR", "THƯ MỤC"),
    ("PROVINCE", "MÃ TỈNH"),
    ("SCENARIO", "KỊCH BẢN"),
    ("FILE", "TỆP"),
    ("TARGETS", "DANH SÁCH"),
    ("RULES", "BỘ QUY TẮC"),
    ("OUT", "ĐƯỜNG DẪN"),
    ("LANG", "NGÔN NGỮ"),
    ("ACTUAL", "TỆP THỰC TẾ"),
    ("SET", "BỘ QUY TẮC"),
    ("A", "A"),
    ("B", "B"),
    ("INSTANCE", "BÀI TOÁN"),
    ("POP", "DÂN SỐ"),
    ("AREA", "DIỆN TÍCH"),
    ("WITHIN", "PHẠM VI"),
    ("LEVEL", "CẤP"),
    ("MAP", "TỆP"),
    ("MAP_DIR", "THƯ MỤC"),
    ("MODE", "CÁCH"),
    ("LABELS_OUT", "TỆP"),
    ("TIME_LIMIT", "GIÂY"),
    ("SEED", "SỐ"),
    ("MAX_NEIGHBOURHOOD", "SỐ ĐƠN VỊ"),
    ("THREADS", "SỐ LUỒNG"),
    ("SHARE", "TỈ LỆ"),
    ("PASSES", "SỐ LƯỢT"),
    ("PROPOSAL", "PHƯƠNG ÁN"),
    ("SHEET", "TRANG TÍNH"),
    ("COMMAND", "LỆNH"),
    ("STEM", "TÊN TỆP"),
    ("PORT", "CỔNG"),
    ("LISTEN", "ĐỊA CHỈ"),
    ("GEOJSON", "TỆP GEOJSON"),
];

/// The Vietnamese help text of `path`, if the table has one.
pub fn help_vi(path: &str) -> Option<&'static str> {
    HELP_VI.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

/// The Vietnamese placeholder of clap's value name `name`.
pub fn value_name_vi(name: &str) -> Option<&'static str> {
    VALUE_NAMES_VI
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

/// The table's key of `arg` in the command at `path` (the command's own
/// key is `path`): `help` and `version` are shared; a global flag and the
/// `help` command's argument have their own key.
pub fn arg_key(path: &str, arg: &Arg) -> String {
    let id = arg.get_id().as_str();
    match id {
        "help" | "version" => id.to_string(),
        _ if arg.is_global_set() => id.to_string(),
        _ if path == "help" || path.ends_with(".help") => format!("help-command.{id}"),
        _ if help_vi(&format!("{path}.{id}")).is_none() && help_vi(id).is_some() => {
            // A global flag as propagated to a subcommand.
            id.to_string()
        }
        _ if path.is_empty() => id.to_string(),
        _ => format!("{path}.{id}"),
    }
}

/// The key of the command at `path`; the `help` command's own list of
/// commands (`help.plan`) shares the commands' texts.
fn command_key(path: &str) -> String {
    if path == "help" || path.ends_with(".help") {
        "help-command".to_string()
    } else if let Some(rest) = path.strip_prefix("help.") {
        rest.to_string()
    } else {
        path.to_string()
    }
}

/// Every key the Vietnamese help of `cmd` needs (commands and flags,
/// recursively) with whether the table has it; `cmd` must be built
/// ([`Command::build`]) so that clap's own `help` and `version` are there.
pub fn needed_keys(cmd: &Command) -> Vec<(String, bool)> {
    fn walk(cmd: &Command, path: &str, out: &mut Vec<(String, bool)>) {
        let key = command_key(path);
        out.push((key.clone(), help_vi(&key).is_some()));
        if !path.is_empty() && !path.starts_with("help") && cmd.get_after_help().is_some() {
            let k = format!("{key}.after_help");
            out.push((k.clone(), help_vi(&k).is_some()));
        }
        for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let k = arg_key(path, a);
            out.push((k.clone(), help_vi(&k).is_some()));
            let names = a
                .get_value_names()
                .filter(|_| a.get_action().takes_values());
            for v in names.into_iter().flatten() {
                let name = format!("value:{v}");
                out.push((name, value_name_vi(v.as_str()).is_some()));
            }
        }
        // The `help` command lists the other commands again.
        for s in cmd.get_subcommands().filter(|_| path != "help") {
            let p = if path.is_empty() {
                s.get_name().to_string()
            } else {
                format!("{path}.{}", s.get_name())
            };
            walk(s, &p, out);
        }
    }
    let mut out = Vec::new();
    walk(cmd, "", &mut out);
    out.sort();
    out.dedup();
    out
}

/// `cmd` (the whole `reorg` command line, built or not) with its help in
/// `lang`: for Vietnamese, every about and flag text from [`HELP_VI`], the
/// headings, value placeholders, defaults and possible values, and the usage
/// line in the catalogue's words; English is returned as it is.
///
/// A text the table lacks keeps its English doc comment (the binary's
/// completeness test makes sure there is none).
pub fn localize_command(mut cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    cmd.build();
    if let Some(after) = help_vi("after_help") {
        cmd = cmd.after_help(after);
    }
    localize_tree(cmd, "", lang)
}

fn localize_tree(mut cmd: Command, path: &str, lang: Lang) -> Command {
    let t = |m: Msg| m.text(lang);
    if let Some(about) = help_vi(&command_key(path)) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    if let Some(after) = help_vi(&format!("{}.after_help", command_key(path))) {
        cmd = cmd.after_help(after).after_long_help(None::<&str>);
    }
    cmd = cmd
        .subcommand_help_heading(t(Msg::HelpCommands))
        .subcommand_value_name(t(Msg::HelpCommandValue))
        .help_template(format!(
            "{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
            t(Msg::UsageHeading)
        ));
    let ids: Vec<(String, String)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), arg_key(path, a)))
        .collect();
    for (id, key) in ids {
        cmd = cmd.mut_arg(&id, |a| localize_arg(a, &key, lang));
    }
    // The usage line after the value names changed; "[OPTIONS]" in words.
    if !cmd.is_disable_help_flag_set() {
        let usage = cmd.render_usage().to_string();
        let usage = usage
            .split_once(": ")
            .map_or(usage.as_str(), |(_, u)| u)
            .replace(
                "[OPTIONS]",
                &format!("[{}]", t(Msg::HelpOptions).to_uppercase()),
            )
            .replace("<COMMAND>", &format!("<{}>", t(Msg::HelpCommandValue)));
        cmd = cmd.override_usage(usage);
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for s in subs {
        let p = if path.is_empty() {
            s.clone()
        } else {
            format!("{path}.{s}")
        };
        cmd = cmd.mut_subcommand(&s, |sc| localize_tree(sc, &p, lang));
    }
    cmd
}

fn localize_arg(a: Arg, key: &str, lang: Lang) -> Arg {
    let mut help = help_vi(key)
        .map(str::to_string)
        .or_else(|| a.get_help().map(|h| h.to_string()))
        .unwrap_or_default();
    let takes_values = a.get_action().takes_values();
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_values && !defaults.is_empty() && !a.is_hide_default_value_set() {
        help.push_str(&format!(
            " [{}]",
            Msg::HelpDefault.fill(lang, &[("value", &defaults.join(", "))])
        ));
    }
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|p| !p.is_hide_set())
        .map(|p| p.get_name().to_string())
        .collect();
    if takes_values && !values.is_empty() && !a.is_hide_possible_values_set() {
        help.push_str(&format!(
            " [{}]",
            Msg::HelpValues.fill(lang, &[("values", &values.join(", "))])
        ));
    }
    let heading = if a.is_positional() {
        Msg::HelpArguments
    } else {
        Msg::HelpOptions
    };
    let names: Option<Vec<clap::builder::Str>> = a.get_value_names().map(|ns| {
        ns.iter()
            .map(|n| value_name_vi(n.as_str()).map_or_else(|| n.clone(), clap::builder::Str::from))
            .collect()
    });
    // The English doc comment's long form (`--help`) is replaced too.
    let mut a = a
        .help(help)
        .long_help(None::<&str>)
        .hide_default_value(true)
        .hide_possible_values(true)
        .help_heading(heading.text(lang));
    if let Some(names) = names {
        a = a.value_names(names);
    }
    a
}

fn context_text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A usage error of clap (exit code 2) in `lang`'s words: the message, the
/// usage line (the error's, else `usage`) and where to read more
/// (`command --help`); `None` for what clap prints itself (help, version)
/// and in English (clap's own text is kept).
pub fn usage_error(
    e: &clap::Error,
    lang: Lang,
    command: &str,
    usage: Option<String>,
) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let arg = context_text(e, ContextKind::InvalidArg).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => Msg::UsageUnknownArgument.fill(lang, &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => {
            let sub = context_text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            Msg::UsageUnknownCommand.fill(lang, &[("arg", &sub)])
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = context_text(e, ContextKind::InvalidValue).unwrap_or_default();
            let mut m = Msg::UsageInvalidValue.fill(lang, &[("value", &value), ("arg", &arg)]);
            if let Some(valid) = context_text(e, ContextKind::ValidValue) {
                m.push_str("; ");
                m.push_str(&Msg::UsagePossibleValues.fill(lang, &[("values", &valid)]));
            }
            m
        }
        ErrorKind::MissingRequiredArgument => Msg::UsageMissing.fill(lang, &[("args", &arg)]),
        ErrorKind::MissingSubcommand => Msg::UsageMissing.fill(
            lang,
            &[("args", &format!("<{}>", Msg::HelpCommandValue.text(lang)))],
        ),
        ErrorKind::ArgumentConflict => {
            let other = context_text(e, ContextKind::PriorArg).unwrap_or_default();
            Msg::UsageConflict.fill(lang, &[("arg", &arg), ("other", &other)])
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            Msg::UsageValueCount.fill(lang, &[("arg", &arg)])
        }
        _ => Msg::UsageOther.text(lang).to_string(),
    };
    let mut out = Msg::UsageError.fill(lang, &[("message", &message)]);
    let suggestion = context_text(e, ContextKind::SuggestedArg)
        .or_else(|| context_text(e, ContextKind::SuggestedSubcommand));
    if let Some(s) = suggestion {
        out.push_str("; ");
        out.push_str(&Msg::UsageSuggest.fill(lang, &[("suggestion", &s)]));
    }
    out.push_str("\n\n");
    if let Some(usage) = context_text(e, ContextKind::Usage).or(usage) {
        let usage = usage.split_once(": ").map_or(usage.as_str(), |(_, u)| u);
        out.push_str(&format!("{}: {usage}\n\n", Msg::UsageHeading.text(lang)));
    }
    out.push_str(&Msg::UsageMoreHelp.fill(lang, &[("command", &command)]));
    out.push('\n');
    Some(out)
}

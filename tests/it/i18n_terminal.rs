//! The terminal speaks the user's language (issue 17, item 5): a session of
//! `check → assess → plan → compare` under `LANG=vi_VN.UTF-8` prints no
//! English sentence and no internal key; `--lang en` or an English locale
//! gives English; `--help`, usage errors and errors follow the locale.

use std::path::Path;
use std::process::{Command, Output};

use reorg::lang::catalogue::english_words_in;

/// `reorg ARGS` from the crate root under the locale `lang` (`LC_ALL` and
/// `LC_MESSAGES` removed so that `LANG` decides).
fn run_in(lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reorg"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .unwrap()
}

/// Standard output and standard error of `o`, with the paths the user
/// typed (echoed back as they are) removed.
fn text_of(o: &Output, paths: &[&str]) -> String {
    let mut text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    for p in paths {
        text = text.replace(p, " ");
    }
    text
}

/// Tokens that look like internal keys: `snake_case` or `slug-like-this`
/// (lowercase ASCII words joined by `_` or `-`, starting with a letter).
fn internal_keys(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || "()[]{},;:|*\"'`“”".contains(c)) {
        let t = token.trim_matches(|c: char| c == '.' || c == '!' || c == '?');
        let joined = t.contains('_') || t.contains('-');
        let ascii_key = t
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        let starts_with_letter = t.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        let parts_nonempty = t.split(['_', '-']).all(|p| !p.is_empty());
        if joined && ascii_key && starts_with_letter && parts_nonempty {
            out.push(t.to_string());
        }
    }
    out
}

/// Asserts `text` is Vietnamese for a reader: no English function word, no
/// internal key.
fn assert_vietnamese(what: &str, text: &str) {
    let words = english_words_in(text);
    assert!(
        words.is_empty(),
        "{what}: English words {words:?} in\n{text}"
    );
    let keys = internal_keys(text);
    assert!(keys.is_empty(), "{what}: internal keys {keys:?} in\n{text}");
}

#[test]
fn the_key_scan_finds_keys_and_spares_vietnamese() {
    assert_eq!(
        internal_keys("mac-dinh, tinh_mien_nui (nq35-2023) 2023-2025 Thị trấn a b"),
        vec!["mac-dinh", "tinh_mien_nui", "nq35-2023"]
    );
    assert!(english_words_in("Đã ghi: 12 đơn vị").is_empty());
    assert_eq!(english_words_in("0 warning(s)"), vec!["warning"]);
}

#[test]
fn a_vietnamese_session_prints_no_english_and_no_key() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let (a_s, b_s) = (a.to_str().unwrap(), b.to_str().unwrap());
    let vi = "vi_VN.UTF-8";
    let data = "data/vn/2023";
    let paths = [a_s, b_s, data];
    let steps: Vec<(&str, Vec<&str>)> = vec![
        ("check", vec!["check", data]),
        ("assess", vec!["assess", data, "--province", "26"]),
        (
            "plan",
            vec!["plan", data, "--province", "26", "--out", a_s, "-q"],
        ),
        (
            "plan on-dinh",
            vec![
                "plan",
                data,
                "--province",
                "26",
                "--out",
                b_s,
                "-q",
                "--scenario",
                "scenarios/on-dinh.toml",
            ],
        ),
        ("compare", vec!["compare", a_s, b_s]),
    ];
    for (what, args) in &steps {
        let o = run_in(vi, args);
        assert_eq!(o.status.code(), Some(0), "{what}: {}", text_of(&o, &[]));
        let text = text_of(&o, &paths);
        assert!(text.chars().filter(|c| c.is_alphabetic()).count() > 20);
        // The scenario file is a path the user typed too.
        let text = text.replace("scenarios/on-dinh.toml", " ");
        assert_vietnamese(what, &text);
    }
    // Signs that each step really spoke Vietnamese.
    let check = text_of(&run_in(vi, &["check", data]), &[]);
    assert!(
        check.contains("số liệu hợp lệ") && check.contains("cấp xã"),
        "{check}"
    );
    let plan = text_of(
        &run_in(
            vi,
            &[
                "plan",
                data,
                "--province",
                "26",
                "--out",
                a_s,
                "-q",
                "--force",
            ],
        ),
        &[],
    );
    assert!(
        plan.contains("Đã ghi") && plan.contains("cấp huyện"),
        "{plan}"
    );

    // The same session in English: with --lang en, and under an English locale.
    let en = text_of(&run_in(vi, &["check", data, "--lang", "en"]), &[]);
    assert!(en.contains(": ok") && en.contains("units, "), "{en}");
    let en = text_of(&run_in("en_US.UTF-8", &["check", data]), &[]);
    assert!(en.contains("without population"), "{en}");
    let en = text_of(
        &run_in(
            "en_US.UTF-8",
            &[
                "plan",
                data,
                "--province",
                "26",
                "--out",
                a_s,
                "-q",
                "--force",
            ],
        ),
        &[],
    );
    assert!(en.contains("Written") && en.contains("commune"), "{en}");
    let en = text_of(&run_in(vi, &["compare", a_s, b_s, "--lang", "en"]), &[]);
    assert!(en.contains("Comparison") || en.contains("scenario"), "{en}");
    // The report stays Vietnamese whatever the locale (DECISIONS: reports are
    // Vietnamese by default).
    let summary = std::fs::read_to_string(a.join("summary.md")).unwrap();
    assert!(summary.contains("Căn cứ pháp lý"), "{summary}");
}

#[test]
fn errors_and_usage_errors_follow_the_locale() {
    let vi = "vi_VN.UTF-8";
    let missing = Path::new("does-not-exist");
    for (what, args, code) in [
        (
            "no such province",
            vec!["assess", "data/vn/2023", "--province", "999"],
            1,
        ),
        ("unknown rule set", vec!["rules", "--set", "nq00"], 1),
        (
            "missing report",
            vec![
                "compare",
                missing.to_str().unwrap(),
                missing.to_str().unwrap(),
            ],
            1,
        ),
        ("bad value", vec!["plan", "data/vn/2023", "--lang", "fr"], 2),
        ("unknown command", vec!["plna"], 2),
        ("missing argument", vec!["check"], 2),
    ] {
        let o = run_in(vi, &args);
        assert_eq!(o.status.code(), Some(code), "{what}: {}", text_of(&o, &[]));
        let text = text_of(&o, &["data/vn/2023", "does-not-exist", "nq00", "plna"]);
        assert!(text.contains("lỗi"), "{what}: {text}");
        // Flags are what the user types; built-in set names are listed as
        // the values to type.
        let prose: String = text
            .split_whitespace()
            .filter(|w| !w.starts_with("--") && !w.contains("nq"))
            .collect::<Vec<_>>()
            .join(" ");
        let words = english_words_in(&prose);
        assert!(words.is_empty(), "{what}: {words:?} in\n{text}");
        let en = run_in("en_US.UTF-8", &args);
        assert!(
            text_of(&en, &[]).contains("error"),
            "{what}: {}",
            text_of(&en, &[])
        );
    }
}

#[test]
fn help_is_vietnamese_under_a_vietnamese_locale() {
    let vi = "vi_VN.UTF-8";
    for args in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["assess", "--help"],
        vec!["plan", "--help"],
        vec!["compare", "--help"],
        vec!["rules", "--help"],
        vec!["backtest", "--help"],
        vec!["help", "plan"],
    ] {
        let o = run_in(vi, &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(
            text.contains("Cách dùng") && text.contains("Tùy chọn"),
            "{text}"
        );
        let prose: String = text
            .split_whitespace()
            .filter(|w| !w.contains("--") && !w.contains('.') && !w.contains('/'))
            .collect::<Vec<_>>()
            .join(" ");
        let words = english_words_in(&prose);
        assert!(words.is_empty(), "{args:?}: {words:?} in\n{text}");
    }
    let en = run_in("en_US.UTF-8", &["plan", "--help"]);
    let en = String::from_utf8_lossy(&en.stdout).into_owned();
    assert!(
        en.contains("Usage:") && en.contains("Only this province"),
        "{en}"
    );
    let en = run_in(vi, &["plan", "--help", "--lang", "en"]);
    let en = String::from_utf8_lossy(&en.stdout).into_owned();
    assert!(en.contains("Usage:"), "{en}");
}

/// Runs `reorg ARGS` under a Vietnamese locale and returns its text with
/// the paths the user typed removed, asserting the exit code.
fn vi_text(args: &[&str], code: i32, paths: &[&str]) -> String {
    let o = run_in("vi_VN.UTF-8", args);
    assert_eq!(
        o.status.code(),
        Some(code),
        "{args:?}: {}",
        text_of(&o, &[])
    );
    text_of(&o, paths)
}

#[test]
fn the_loaders_errors_are_vietnamese_with_their_position() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bad");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("units.csv"),
        "code,name,level,kind,parent_code,area_km2,population\n\
         01,Tỉnh A,province,tinh,,-5,100\n\
         02,Tỉnh B,province,tinh,,12,abc\n\
         01,Tỉnh C,province,tinh,,7,1000\n\
         03,Tỉnh D,provinse,tinh,,7,1000\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("adjacency.csv"),
        "code_a,code_b,level,shared_border_km\n01,01,province,3\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let out = tmp.path().join("out");
    let o = out.to_str().unwrap();
    for args in [
        vec!["check", d],
        vec!["assess", d],
        vec!["plan", d, "--out", o, "-q"],
    ] {
        let text = vi_text(&args, 1, &[d, o]);
        // Positions kept: line 2, column 6 (area_km2) of units.csv.
        assert!(text.contains("units.csv:2:6"), "{text}");
        // The file names are the user's (the data contract's), not prose.
        let prose = text.replace("units.csv", " ").replace("adjacency.csv", " ");
        assert_vietnamese(args[0], &prose);
    }
    let text = vi_text(&["check", d], 1, &[d]);
    assert!(
        text.contains("cột “diện tích (km²)”, giá trị “-5”"),
        "{text}"
    );
    assert!(text.contains("không phải là số"), "{text}");
    assert!(text.contains("xem dòng 2"), "{text}");
    // English under --lang en: the loader's own words and kind.
    let en = text_of(&run_in("vi_VN.UTF-8", &["check", d, "--lang", "en"]), &[]);
    assert!(en.contains("error[negative-or-invalid]"), "{en}");
}

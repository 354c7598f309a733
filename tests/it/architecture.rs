//! The crate's structure, read from its sources (docs/architecture.md):
//! dependencies between the library's top-level modules point one way (no
//! cycle), and no two type declarations in `src/` share a name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// The library's top-level module a file belongs to; `None` for the binary
/// (`main.rs`, `app.rs`, `cli.rs`, `cmd/`) and `lib.rs`.
fn library_module(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "main" | "app" | "cli" | "cmd" | "lib")).then(|| name.to_string())
}

/// The text without `//` comments (doc comments included) and `/* */` blocks:
/// an intra-doc link is not a dependency.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.find('\n').map_or("", |i| &after[i..]);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |i| &after[i + 2..]);
        } else if rest.starts_with('"') {
            // Skip string literals (they may hold `//` or `crate::`).
            let bytes = rest.as_bytes();
            let mut i = 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            rest = rest.get(i + 1..).unwrap_or("");
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The top-level modules named by `crate::` paths in `code`, including the
/// members of `use crate::{a::x, b};` groups.
fn crate_refs(code: &str) -> BTreeSet<String> {
    let mut refs = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut start) = (0usize, 0usize);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        refs.insert(ident(group[start..i].trim()).to_string());
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        refs.insert(ident(group[start..i].trim()).to_string());
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            refs.insert(ident(rest).to_string());
        }
    }
    refs.remove("");
    refs
}

/// The module dependency graph: module → modules it uses.
fn module_graph(files: &[(PathBuf, String)], root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in files {
        let Some(module) = library_module(path.strip_prefix(root).unwrap()) else {
            continue;
        };
        let uses = graph.entry(module.clone()).or_default();
        for r in crate_refs(&strip_comments(text)) {
            if r != module {
                uses.insert(r);
            }
        }
    }
    graph
}

/// The cycles of a dependency graph: its strongly connected components of
/// more than one module (Tarjan's algorithm, petgraph), each sorted.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut g: DiGraph<&str, ()> = DiGraph::new();
    let mut node: BTreeMap<&str, NodeIndex> = BTreeMap::new();
    for (m, uses) in graph {
        for name in std::iter::once(m).chain(uses) {
            node.entry(name.as_str())
                .or_insert_with(|| g.add_node(name.as_str()));
        }
    }
    for (m, uses) in graph {
        for u in uses {
            if m != u {
                g.add_edge(node[m.as_str()], node[u.as_str()], ());
            }
        }
    }
    let mut out: Vec<Vec<String>> = tarjan_scc(&g)
        .into_iter()
        .filter(|scc| scc.len() > 1)
        .map(|scc| {
            let mut names: Vec<String> = scc.iter().map(|n| g[*n].to_string()).collect();
            names.sort();
            names
        })
        .collect();
    out.sort();
    out
}

#[test]
fn module_dependencies_have_no_cycle() {
    let root = src();
    let graph = module_graph(&sources(&root), &root);
    assert!(graph.len() > 10, "the scan found the modules: {graph:?}");
    assert!(graph["charts"].contains("lang"), "the scan sees uses");
    let found = cycles(&graph);
    assert!(
        found.is_empty(),
        "module cycles (each group depends on itself through the others): {found:?}\n{graph:#?}"
    );
}

#[test]
fn leaf_modules_stay_leaves() {
    let root = src();
    let graph = module_graph(&sources(&root), &root);
    for (leaf, allowed) in [
        ("model", &[][..]),
        ("lang", &[][..]),
        ("planner", &[][..]),
        ("geo", &["model", "io"][..]),
        ("io", &["model"][..]),
        ("rules", &["model", "lang", "io"][..]),
    ] {
        let extra: Vec<&String> = graph[leaf]
            .iter()
            .filter(|m| !allowed.contains(&m.as_str()))
            .collect();
        assert!(extra.is_empty(), "{leaf} depends on {extra:?}");
    }
    for drawing in ["charts", "report"] {
        for stage in ["pipeline", "planner", "scenario", "regionalize", "outputs"] {
            assert!(
                !graph[drawing].contains(stage),
                "{drawing} must not depend on {stage}"
            );
        }
    }
}

#[test]
fn the_cycle_check_finds_cycles() {
    let files = vec![
        (
            PathBuf::from("/s/a.rs"),
            "use crate::{b::X, c};".to_string(),
        ),
        (
            PathBuf::from("/s/b/mod.rs"),
            "fn f() { crate::a::g() }".to_string(),
        ),
        (
            PathBuf::from("/s/c.rs"),
            "/// [`crate::a`] is a link, not a use\nconst S: &str = \"crate::a\";".to_string(),
        ),
    ];
    let graph = module_graph(&files, Path::new("/s"));
    assert_eq!(cycles(&graph), vec![vec!["a".to_string(), "b".to_string()]]);
    assert!(graph["c"].is_empty(), "comments and strings are not uses");
}

/// Top-level type declarations (`struct`, `enum`, `type`, `trait`, any
/// visibility) of every file of `src/`, library and binary: name → files.
fn type_names(files: &[(PathBuf, String)], root: &Path) -> BTreeMap<String, Vec<String>> {
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, text) in files {
        for line in text.lines() {
            let mut rest = line;
            for vis in ["pub(crate) ", "pub(super) ", "pub "] {
                rest = rest.strip_prefix(vis).unwrap_or(rest);
            }
            for kw in ["struct ", "enum ", "type ", "trait "] {
                if let Some(after) = rest.strip_prefix(kw) {
                    let rel = path.strip_prefix(root).unwrap().display().to_string();
                    names.entry(ident(after).to_string()).or_default().push(rel);
                }
            }
        }
    }
    names
}

#[test]
fn no_two_types_share_a_name() {
    let root = src();
    let names = type_names(&sources(&root), &root);
    assert!(names.contains_key("Dataset") && names.contains_key("PlanArgs"));
    let dup: Vec<_> = names.iter().filter(|(_, files)| files.len() > 1).collect();
    assert!(dup.is_empty(), "type names declared twice: {dup:?}");
}

/// Every text file under `dir` (recursively), skipping binary files.
fn text_files(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            text_files(&path, out);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.push((path, text));
        }
    }
}

#[test]
fn the_repository_cites_only_its_own_documents() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Built from parts so that this file does not match itself.
    let outside = [
        ["RULES", ".md"].concat(),
        ["DESIGN", ".md"].concat(),
        ["DECISIONS", ".md"].concat(),
        ["/work", "/shared"].concat(),
    ];
    let mut files = Vec::new();
    for dir in [
        "src",
        "rulesets",
        "tests",
        "benches",
        "bench",
        "docs",
        "scenarios",
    ] {
        text_files(&root.join(dir), &mut files);
    }
    for f in [
        "README.md",
        "CONTRIBUTING.md",
        "BENCHMARKS.md",
        "Cargo.toml",
    ] {
        files.push((root.join(f), std::fs::read_to_string(root.join(f)).unwrap()));
    }
    assert!(files.len() > 100);
    let mut found = Vec::new();
    for (path, text) in &files {
        for needle in &outside {
            if text.contains(needle.as_str()) {
                found.push(format!("{}: {needle}", path.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "cite docs/ instead of files outside the repository: {found:#?}"
    );
    for doc in [
        "docs/architecture.md",
        "docs/legal-basis.md",
        "docs/glossary.md",
    ] {
        assert!(root.join(doc).is_file(), "{doc}");
    }
}

/// The section numbers of `docs/legal-basis.md` (`0`, `1.3`, `2.11`, …).
fn legal_sections(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("### ").or_else(|| l.strip_prefix("## ")))
        .filter_map(|h| h.split_whitespace().next())
        .map(|n| n.trim_end_matches('.').to_string())
        .filter(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        .collect()
}

#[test]
fn citations_of_the_legal_basis_name_existing_sections() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sections =
        legal_sections(&std::fs::read_to_string(root.join("docs/legal-basis.md")).unwrap());
    assert!(
        sections.contains("2.11") && sections.contains("9"),
        "{sections:?}"
    );
    let mut files = Vec::new();
    for dir in ["src", "rulesets", "tests", "docs"] {
        text_files(&root.join(dir), &mut files);
    }
    let mut cited = 0;
    let mut missing = Vec::new();
    for (path, text) in files
        .iter()
        .filter(|(p, _)| !p.ends_with("architecture.rs"))
    {
        for marker in ["legal-basis.md §", "legal basis §", "cơ sở pháp lý §"] {
            for (at, _) in text.match_indices(marker) {
                let rest = &text[at + marker.len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .unwrap_or(rest.len());
                let n = rest[..end].trim_end_matches('.');
                if n.is_empty() {
                    // The phrase itself (a translation table), not a citation.
                    continue;
                }
                cited += 1;
                if !sections.contains(n) {
                    missing.push(format!("{}: §{n}", path.display()));
                }
            }
        }
    }
    assert!(cited > 20, "the scan finds the citations ({cited})");
    assert!(
        missing.is_empty(),
        "citations of missing sections: {missing:#?}"
    );
}

/// The files of `src/` (relative, `/`-separated) whose code, comments left
/// out, names one of `needles`.
fn files_naming(files: &[(PathBuf, String)], root: &Path, needles: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = files
        .iter()
        .filter(|(_, text)| {
            let code = strip_comments(text);
            needles.iter().any(|n| code.contains(n))
        })
        .map(|(p, _)| p.strip_prefix(root).unwrap().display().to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn one_orchestrator_runs_the_pipeline() {
    let root = src();
    let files = sources(&root);
    // The stages' entry points: planning (`pipeline::run` with its
    // options) and the report (`outputs::build` with its options).
    let drivers = files_naming(
        &files,
        &root,
        &[
            "pipeline::run(",
            "run as run_pipeline",
            "RunOptions {",
            "outputs::build(",
            "OutputOptions {",
        ],
    );
    assert_eq!(drivers, vec!["orchestrator.rs".to_string()]);
    // The command line parses, calls the orchestrator and prints: it names
    // no stage of the pipeline and writes no report folder itself.
    let cmd: Vec<(PathBuf, String)> = files
        .iter()
        .filter(|(p, _)| p.starts_with(root.join("cmd")))
        .cloned()
        .collect();
    assert!(cmd.len() > 5, "the scan finds the commands");
    let stepping = files_naming(
        &cmd,
        &root,
        &[
            "reorg::pipeline::run",
            "RunOptions",
            "reorg::outputs::build",
            "OutputOptions",
            "plan_geojson",
            "check_result",
            "reorg::schedule::schedule",
            "reorg::staffing::staffing",
        ],
    );
    assert!(
        stepping.is_empty(),
        "commands stepping the pipeline: {stepping:?}"
    );
    let plan = std::fs::read_to_string(root.join("cmd/plan.rs")).unwrap();
    assert!(plan.contains("orchestrator::plan(") && !plan.contains("AtomicDir"));
    let backtest = std::fs::read_to_string(root.join("cmd/backtest.rs")).unwrap();
    assert!(backtest.contains("orchestrator::plan_round("));
    let evaluate = std::fs::read_to_string(root.join("cmd/evaluate.rs")).unwrap();
    assert!(evaluate.contains("orchestrator::evaluate(") && !evaluate.contains("AtomicDir"));
}

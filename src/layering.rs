//! Reads `src/` and holds the code to the layer order in `crate::LAYERS`: a
//! module may use its own layer and the ones below, never one above, and no
//! two top-level modules may need each other (directly or round a loop).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::LAYERS;

/// One `crate::module` named in a file, with where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Import {
    file: String,
    line: usize,
    target: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to (`None` for the
/// crate root and the binary, which sit above every layer).
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// Every `crate::name` in the file's code, comments and strings left out.
fn crate_paths(text: &str, file: &str) -> Vec<Import> {
    let mut found = Vec::new();
    let mut in_tests = false;
    for (n, raw) in text.lines().enumerate() {
        let code = raw.split("//").next().unwrap_or("");
        // Unit tests at the end of a file may reach anywhere: they are not part of the layer.
        if code.trim_start().starts_with("#[cfg(test)]") {
            in_tests = true;
        }
        if in_tests {
            continue;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let quoted = rest[..at].matches('"').count() % 2 == 1;
            if !name.is_empty()
                && !quoted
                && !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                found.push(Import {
                    file: file.to_string(),
                    line: n + 1,
                    target: name,
                });
            }
            rest = after;
        }
        // `use crate::{a, b}` names several modules at once.
        if let Some(group) = code.split("use crate::{").nth(1) {
            let inside = group.split('}').next().unwrap_or("");
            for name in inside
                .split(',')
                .map(|p| p.trim().split("::").next().unwrap_or(""))
            {
                if !name.is_empty() {
                    found.push(Import {
                        file: file.to_string(),
                        line: n + 1,
                        target: name.to_string(),
                    });
                }
            }
        }
    }
    found
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

struct Graph {
    imports: Vec<(String, Import)>,
}

fn read_src() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut imports = Vec::new();
    for path in files {
        let Ok(relative) = path.strip_prefix(&src) else {
            continue;
        };
        let Some(module) = module_of(relative) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let shown = format!("src/{}", relative.display());
        for import in crate_paths(&text, &shown) {
            if import.target != module && layer_of(&import.target).is_some() {
                imports.push((module.clone(), import));
            }
        }
    }
    Graph { imports }
}

/// Groups of top-level modules that need one another (strongly connected, more than one).
fn cycles(graph: &Graph) -> Vec<BTreeSet<String>> {
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, import) in &graph.imports {
        edges.entry(from).or_default().insert(&import.target);
    }
    let reaches = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(m) = todo.pop() {
            for next in edges.get(m).into_iter().flatten() {
                if seen.insert(*next) {
                    todo.push(next);
                }
            }
        }
        seen
    };
    let mut groups: Vec<BTreeSet<String>> = Vec::new();
    let all: BTreeSet<&str> = edges.keys().copied().collect();
    for m in &all {
        let from_m = reaches(m);
        let group: BTreeSet<String> = all
            .iter()
            .filter(|o| *o == m || (from_m.contains(*o) && reaches(o).contains(m)))
            .map(|o| o.to_string())
            .collect();
        if group.len() > 1 && !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

#[test]
fn every_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let missing: BTreeSet<String> = files
        .iter()
        .filter_map(|p| module_of(p.strip_prefix(&src).ok()?))
        .filter(|m| m != "layering" && layer_of(m).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "modules with no layer in crate::LAYERS: {missing:?}"
    );
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let graph = read_src();
    let upward: Vec<String> = graph
        .imports
        .iter()
        .filter_map(|(from, import)| {
            let (own, theirs) = (layer_of(from)?, layer_of(&import.target)?);
            (theirs > own).then(|| {
                format!(
                    "{}:{}: `{from}` ({}) uses `{}` ({}), a layer above",
                    import.file, import.line, LAYERS[own].0, import.target, LAYERS[theirs].0
                )
            })
        })
        .collect();
    assert!(
        upward.is_empty(),
        "{} upward imports:\n{}",
        upward.len(),
        upward.join("\n")
    );
}

#[test]
fn no_cycles_between_modules() {
    let graph = read_src();
    let found = cycles(&graph);
    let shown: Vec<String> = found
        .iter()
        .map(|group| {
            let names: Vec<&str> = group.iter().map(String::as_str).collect();
            let witnesses: Vec<String> = graph
                .imports
                .iter()
                .filter(|(from, i)| group.contains(from) && group.contains(&i.target))
                .map(|(_, i)| format!("  {}:{} uses {}", i.file, i.line, i.target))
                .collect();
            format!("{}\n{}", names.join(" ↔ "), witnesses.join("\n"))
        })
        .collect();
    assert!(
        found.is_empty(),
        "{} cycles between modules:\n{}",
        found.len(),
        shown.join("\n")
    );
}

#[test]
fn the_reader_finds_imports_and_skips_comments_strings_and_tests() {
    let text = "use crate::store::x;\n// crate::ops in a comment\nlet s = \"crate::ops\";\nuse crate::{config, i18n::Lang};\n#[cfg(test)]\nuse crate::discord;\n";
    let found: Vec<(usize, String)> = crate_paths(text, "f.rs")
        .into_iter()
        .map(|i| (i.line, i.target))
        .collect();
    assert_eq!(
        found,
        vec![
            (1, "store".to_string()),
            (4, "config".to_string()),
            (4, "i18n".to_string())
        ]
    );
}

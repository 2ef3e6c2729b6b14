//! One insta snapshot of the full output JSON per fixture page.
//!
//! Inputs are the plain files in `fixtures/` (`*.txt` dumps, `*.html` pages);
//! snapshots live in `fixtures/snapshots/`. `cargo xtask fixtures` rewrites
//! them; review the diff like code.

use std::path::Path;

use warta_extract::Options;
use warta_model::{render, OutputFormat};

#[test]
fn every_fixture_matches_its_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root.join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!(root.as_path(), "*.{txt,html}", |path| {
            let bytes = std::fs::read(path).unwrap();
            let article = warta_extract::extract(&bytes, &Options::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            insta::assert_snapshot!(render(&article, OutputFormat::Json));
        });
    });
}

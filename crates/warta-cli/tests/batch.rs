//! End-to-end tests of `warta batch`: the real binary on a generated corpus of
//! WARC.gz, WARC, gzip pages, a directory and JSON Lines, with broken records
//! mixed in. They check that every record read ends as exactly one output row,
//! one error row or a counted skip, that rows keep the input order, and that
//! `--resume` after a kill completes the set with no duplicates and no gaps.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::time::{Duration, Instant};

use warta_batch::warc::WarcWriter;

fn warta() -> Command {
    Command::new(env!("CARGO_BIN_EXE_warta"))
}

/// `warta batch --out OUT --errors ERRORS`, inputs and flags to add.
fn batch_to(out: &Path, errors: &Path) -> Command {
    let mut command = warta();
    command
        .arg("batch")
        .arg("--out")
        .arg(out)
        .arg("--errors")
        .arg(errors);
    command
}

/// Starts `command` on stdin (stdout discarded), writes `input` into it
/// and hands back the child with its stdin still open.
fn start_on_stdin(command: &mut Command, stderr: Stdio, input: &[u8]) -> (Child, ChildStdin) {
    let mut child = command
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    stdin.flush().unwrap();
    (child, stdin)
}

/// What a record must become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Row,
    Error,
    Skip,
    /// A page whose fate depends on the extractor (bad encoding): a row or an
    /// error row, but exactly one of them.
    RowOrError,
}

fn article_page(i: usize) -> String {
    format!(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <title>Berita nomor {i} tentang banjir di kota - Contoh</title></head><body>\
         <nav><a href=\"/\">Beranda</a> <a href=\"/news\">Berita</a></nav><article>\
         <h1>Berita nomor {i} tentang banjir di kota</h1>\
         <p>JAKARTA - Hujan deras yang turun sejak Senin malam membuat sejumlah wilayah \
         tergenang air setinggi {i} sentimeter, kata petugas kepada wartawan.</p>\
         <p>Warga diminta tetap waspada karena cuaca buruk diperkirakan berlangsung hingga \
         akhir pekan, menurut keterangan resmi yang diterima pada hari Selasa.</p>\
         </article><footer>Hak cipta dilindungi</footer></body></html>"
    )
}

/// The corpus: files on disk, the input arguments in order, and what every
/// record must become, in input order.
struct Corpus {
    _dir: tempfile::TempDir,
    root: PathBuf,
    inputs: Vec<String>,
    expected: Vec<(String, Expect)>,
    /// The main WARC.gz, and its uncompressed twin's bytes for stdin.
    warc_gz: PathBuf,
    warc_plain: Vec<u8>,
    warc_records: usize,
}

fn build_corpus(responses: usize) -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let mut expected = Vec::new();

    // 1. A WARC.gz (one gzip member per record) and the same records uncompressed.
    let warc_gz = root.join("crawl.warc.gz");
    let mut gz = WarcWriter::new(File::create(&warc_gz).unwrap(), true);
    let mut plain = WarcWriter::new(Vec::new(), false);
    let both = |gz: &mut WarcWriter<File>,
                plain: &mut WarcWriter<Vec<u8>>,
                id: &str,
                uri: &str,
                status: u16,
                ct: &str,
                body: &[u8]| {
        gz.write_response(id, uri, status, ct, body).unwrap();
        plain.write_response(id, uri, status, ct, body).unwrap();
    };
    gz.write_record(&[("WARC-Type", "warcinfo")], b"software: test\r\n")
        .unwrap();
    plain
        .write_record(&[("WARC-Type", "warcinfo")], b"software: test\r\n")
        .unwrap();
    for i in 0..responses {
        let id = format!("<urn:uuid:rec-{i:05}>");
        let uri = format!("https://berita.test/{i}");
        let expect = match i % 10 {
            3 => {
                both(
                    &mut gz,
                    &mut plain,
                    &id,
                    &uri,
                    200,
                    "image/jpeg",
                    b"\xff\xd8\xff\xe0 jpeg",
                );
                Expect::Skip
            }
            5 => {
                both(
                    &mut gz,
                    &mut plain,
                    &id,
                    &uri,
                    404,
                    "text/html",
                    b"<p>not found</p>",
                );
                Expect::Skip
            }
            7 => match (i / 10) % 4 {
                0 => {
                    both(&mut gz, &mut plain, &id, &uri, 200, "text/html", b"");
                    Expect::Error
                }
                1 => {
                    let binary: Vec<u8> = (0..2000u32).map(|n| (n % 7) as u8).collect();
                    both(&mut gz, &mut plain, &id, &uri, 200, "text/html", &binary);
                    Expect::Error
                }
                2 => {
                    let mut bad = article_page(i).into_bytes();
                    bad.extend_from_slice(b"<p>\xff\xfe\xc3\x28 rusak \x80\x81</p>");
                    both(
                        &mut gz,
                        &mut plain,
                        &id,
                        &uri,
                        200,
                        "text/html; charset=utf-8",
                        &bad,
                    );
                    Expect::RowOrError
                }
                _ => {
                    // Not an HTTP response at all inside a response record.
                    let content = b"this is not HTTP\r\n\r\n<p>x</p>";
                    let headers = [
                        ("WARC-Type", "response"),
                        ("WARC-Record-ID", id.as_str()),
                        ("WARC-Target-URI", uri.as_str()),
                    ];
                    gz.write_record(&headers, content).unwrap();
                    plain.write_record(&headers, content).unwrap();
                    Expect::Error
                }
            },
            _ => {
                both(
                    &mut gz,
                    &mut plain,
                    &id,
                    &uri,
                    200,
                    "text/html; charset=utf-8",
                    article_page(i).as_bytes(),
                );
                Expect::Row
            }
        };
        if i % 25 == 0 {
            let req = [("WARC-Type", "request"), ("WARC-Target-URI", uri.as_str())];
            gz.write_record(&req, b"GET / HTTP/1.1\r\n\r\n").unwrap();
            plain.write_record(&req, b"GET / HTTP/1.1\r\n\r\n").unwrap();
        }
        expected.push((id, expect));
    }
    gz.into_inner().flush().unwrap();
    let warc_plain = plain.into_inner();

    // 2. A plain WARC whose last record is cut short.
    let tail = root.join("tail.warc");
    let mut w = WarcWriter::new(Vec::new(), false);
    for i in 0..3 {
        let id = format!("<urn:uuid:tail-{i}>");
        w.write_response(
            &id,
            &format!("https://tail.test/{i}"),
            200,
            "text/html",
            article_page(1000 + i).as_bytes(),
        )
        .unwrap();
        expected.push((id, Expect::Row));
    }
    w.write_response(
        "<urn:uuid:tail-cut>",
        "https://tail.test/cut",
        200,
        "text/html",
        article_page(1999).as_bytes(),
    )
    .unwrap();
    let mut bytes = w.into_inner();
    bytes.truncate(bytes.len() - 300);
    fs::write(&tail, bytes).unwrap();
    expected.push(("<urn:uuid:tail-cut>".to_owned(), Expect::Error));

    // 3. A gzip page cut in the middle.
    let cut = root.join("cut.html.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(article_page(2000).repeat(20).as_bytes())
        .unwrap();
    let mut bytes = enc.finish().unwrap();
    bytes.truncate(bytes.len() / 2);
    fs::write(&cut, bytes).unwrap();
    expected.push((cut.display().to_string(), Expect::Error));

    // 4. A directory: empty page, binary file, Latin-1 page, good page, JSON Lines.
    let pages = root.join("pages");
    fs::create_dir_all(pages.join("sub")).unwrap();
    let p = |name: &str| pages.join(name).display().to_string();
    fs::write(pages.join("a_empty.html"), "  \n").unwrap();
    expected.push((p("a_empty.html"), Expect::Error));
    let binary: Vec<u8> = (0..4000u32).map(|n| (n % 5) as u8).collect();
    fs::write(pages.join("b_binary.bin"), binary).unwrap();
    expected.push((p("b_binary.bin"), Expect::Error));
    let latin1: Vec<u8> = article_page(3000)
        .replace("tentang", "tent\u{e9}ng")
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    fs::write(pages.join("c_latin1.html"), latin1).unwrap();
    expected.push((p("c_latin1.html"), Expect::RowOrError));
    let mut jsonl = String::new();
    jsonl.push_str(
        &serde_json::json!({"id": "j-1", "url": "https://j.test/1", "html": article_page(4000)})
            .to_string(),
    );
    jsonl.push('\n');
    jsonl.push_str("{\"id\": \"j-2\", \"html\": \"unterminated\n");
    jsonl.push_str(&serde_json::json!({"text": "Judul Berita Teks\n\nJAKARTA - Paragraf pertama berita teks yang cukup panjang untuk dibaca.\n\nParagraf kedua."}).to_string());
    jsonl.push('\n');
    fs::write(pages.join("d_data.jsonl"), jsonl).unwrap();
    expected.push(("j-1".to_owned(), Expect::Row));
    expected.push((format!("{}:2", p("d_data.jsonl")), Expect::Error));
    expected.push((format!("{}:3", p("d_data.jsonl")), Expect::Row));
    fs::write(pages.join("sub/e_ok.html"), article_page(5000)).unwrap();
    expected.push((p("sub/e_ok.html"), Expect::Row));

    let inputs = vec![
        warc_gz.display().to_string(),
        tail.display().to_string(),
        format!("{}/*.html.gz", root.display()),
        pages.display().to_string(),
    ];
    Corpus {
        _dir: dir,
        root,
        inputs,
        expected,
        warc_gz,
        warc_plain,
        warc_records: responses,
    }
}

fn ids_of(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}: bad row {line:?}: {e}", path.display()));
            v["id"]
                .as_str()
                .unwrap_or_else(|| panic!("row without id: {line}"))
                .to_owned()
        })
        .collect()
}

/// Parses `read R = written W + failed F + skipped S (… already done D)`.
fn counts(stderr: &str) -> (u64, u64, u64, u64, u64) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("warta batch: read "))
        .unwrap_or_else(|| panic!("no summary in {stderr}"));
    let nums: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .filter_map(|t| t.parse().ok())
        .collect();
    let (read, written, failed, skipped) = (nums[0], nums[1], nums[2], nums[3]);
    let done = nums[6];
    assert_eq!(
        read,
        written + failed + skipped,
        "the equation does not hold: {line}"
    );
    (read, written, failed, skipped, done)
}

/// Checks the output and error files against the expectations: every
/// non-skipped record exactly once in one of them, each in input order.
fn check_files(corpus: &Corpus, out: &Path, errors: &Path) {
    check_files_in(corpus, out, errors, true)
}

/// [`check_files`], with the order of the error file free: a resume appends
/// the rows of records it tried again after the final ones.
fn check_files_in(corpus: &Corpus, out: &Path, errors: &Path, errors_ordered: bool) {
    let rows = ids_of(out);
    let errs = ids_of(errors);
    let position = |id: &str| {
        corpus
            .expected
            .iter()
            .position(|(e, _)| e == id)
            .unwrap_or_else(|| panic!("unexpected id {id}"))
    };
    for (name, ids) in [("output", &rows), ("errors", &errs)] {
        if name == "errors" && !errors_ordered {
            let unique: HashSet<&String> = ids.iter().collect();
            assert_eq!(unique.len(), ids.len(), "duplicate error rows: {ids:?}");
            continue;
        }
        let places: Vec<usize> = ids.iter().map(|id| position(id)).collect();
        assert!(
            places.windows(2).all(|w| w[0] < w[1]),
            "{name} is not in input order (or has a duplicate): {ids:?}"
        );
    }
    let rows: HashSet<&str> = rows.iter().map(String::as_str).collect();
    let errs: HashSet<&str> = errs.iter().map(String::as_str).collect();
    for (id, expect) in &corpus.expected {
        let (r, e) = (rows.contains(id.as_str()), errs.contains(id.as_str()));
        match expect {
            Expect::Row => assert!(r && !e, "{id} should be an output row"),
            Expect::Error => assert!(e && !r, "{id} should be an error row"),
            Expect::Skip => assert!(!r && !e, "{id} should be skipped"),
            Expect::RowOrError => assert!(r ^ e, "{id} should be exactly one row"),
        }
    }
}

fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    out
}

#[test]
fn a_mixed_corpus_is_fully_accounted_for_in_order() {
    let corpus = build_corpus(300);
    let out = corpus.root.join("out.jsonl");
    let errors = corpus.root.join("errors.jsonl");
    let result = run_ok(
        batch_to(&out, &errors)
            .args(&corpus.inputs)
            .args(["--jobs", "2"]),
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    // Some inputs failed: exit code 1, and the summary balances.
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    let (read, _, failed, skipped, _) = counts(&stderr);
    assert_eq!(read as usize, corpus.expected.len(), "{stderr}");
    assert_eq!(
        skipped as usize,
        corpus
            .expected
            .iter()
            .filter(|(_, e)| *e == Expect::Skip)
            .count()
    );
    assert!(
        failed as usize
            >= corpus
                .expected
                .iter()
                .filter(|(_, e)| *e == Expect::Error)
                .count()
    );
    check_files(&corpus, &out, &errors);

    // Error rows name the cause.
    let text = fs::read_to_string(&errors).unwrap();
    for needle in [
        "truncated WARC record",
        "gzip",
        "empty",
        "binary",
        "not a JSON record",
        "HTTP",
    ] {
        assert!(
            text.contains(needle),
            "no error row mentions {needle:?}:\n{text}"
        );
    }
    // Every row carries its source.
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            v["source"].as_str().is_some_and(|s| !s.is_empty()) && v["cause"].as_str().is_some(),
            "{line}"
        );
    }
    // Output rows are article JSON with the record's URL.
    let first = fs::read_to_string(&out).unwrap();
    let first: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    assert_eq!(first["schema"], "warta/article@1");
    assert_eq!(first["url"], "https://berita.test/0");

    // Running again without --resume refuses to overwrite: a usage error.
    let again = run_ok(batch_to(&out, &errors).args(&corpus.inputs));
    assert_eq!(again.status.code(), Some(2));
    // Resuming a finished run duplicates nothing and redoes only the records
    // that could not be read (the two truncated files, which fail again).
    let resumed = run_ok(batch_to(&out, &errors).args(&corpus.inputs).arg("--resume"));
    let (read2, written2, failed2, _, done2) = counts(&String::from_utf8_lossy(&resumed.stderr));
    assert_eq!((read2, written2, failed2), (read, 0, 2));
    assert_eq!(
        done2 as usize,
        corpus
            .expected
            .iter()
            .filter(|(_, e)| *e != Expect::Skip)
            .count()
            - 2
    );
    check_files_in(&corpus, &out, &errors, false);
}

#[test]
fn jobs_do_not_change_the_output() {
    let corpus = build_corpus(60);
    let mut outputs = Vec::new();
    for jobs in ["1", "3"] {
        let out = corpus.root.join(format!("out{jobs}.jsonl"));
        run_ok(
            warta()
                .arg("batch")
                .args(&corpus.inputs)
                .arg("--out")
                .arg(&out)
                .args(["--jobs", jobs]),
        );
        outputs.push(fs::read(&out).unwrap());
    }
    assert!(!outputs[0].is_empty());
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn resume_after_a_kill_completes_the_set_exactly() {
    let corpus = build_corpus(400);
    let out = corpus.root.join("killed.jsonl");
    let errors = corpus.root.join("killed.errors.jsonl");
    // Feed half the crawl through stdin, wait for its rows to reach the file,
    // then kill the process outright while it waits for more input.
    let half = corpus.warc_plain.len() / 2;
    let (mut child, stdin) = start_on_stdin(
        &mut batch_to(&out, &errors),
        Stdio::null(),
        &corpus.warc_plain[..half],
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    let wanted = corpus.warc_records / 5;
    while ids_of(&out).len() < wanted {
        assert!(Instant::now() < deadline, "no rows after 120 s");
        assert!(child.try_wait().unwrap().is_none(), "warta exited early");
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    let before = ids_of(&out).len();
    assert!(before >= wanted && before < corpus.warc_records, "{before}");
    // A kill can also cut a row in half: simulate the worst case.
    fs::OpenOptions::new()
        .append(true)
        .open(&out)
        .unwrap()
        .write_all(b"{\"schema\":\"warta/article@1\",\"id\":\"<urn:uu")
        .unwrap();

    // Resume on the whole corpus (the same records, now read from files).
    let resumed = run_ok(
        batch_to(&out, &errors)
            .args(&corpus.inputs)
            .arg("--resume")
            .args(["--jobs", "2"]),
    );
    let stderr = String::from_utf8_lossy(&resumed.stderr);
    let (read, written, _, _, done) = counts(&stderr);
    assert_eq!(read as usize, corpus.expected.len());
    assert!(done as usize >= before, "{stderr}");
    assert!(written > 0, "{stderr}");
    check_files(&corpus, &out, &errors);
    assert!(corpus.warc_gz.exists());
}

#[test]
fn ctrl_c_leaves_a_valid_output_and_resume_finishes() {
    let corpus = build_corpus(400);
    let out = corpus.root.join("int.jsonl");
    let errors = corpus.root.join("int.errors.jsonl");
    let (child, stdin) = start_on_stdin(
        &mut batch_to(&out, &errors),
        Stdio::piped(),
        &corpus.warc_plain[..corpus.warc_plain.len() / 3],
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    while ids_of(&out).len() < corpus.warc_records / 10 {
        assert!(Instant::now() < deadline, "no rows after 120 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    // The reader is blocked on stdin; closing it lets the run wind down.
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    // Every line of the interrupted output is a whole row.
    let text = fs::read_to_string(&out).unwrap();
    assert!(text.ends_with('\n'));
    ids_of(&out);

    run_ok(batch_to(&out, &errors).args(&corpus.inputs).arg("--resume"));
    // A record cut by closing stdin before the signal was seen is an error
    // row marked `retry`; the resume drops it and reads the record whole, so
    // the set comes out exactly as an uninterrupted run's.
    check_files(&corpus, &out, &errors);
}

#[test]
fn a_record_cut_by_the_end_of_a_pipe_is_read_again_on_resume() {
    let corpus = build_corpus(60);
    let out = corpus.root.join("pipe.jsonl");
    let errors = corpus.root.join("pipe.errors.jsonl");
    let (child, stdin) = start_on_stdin(
        &mut batch_to(&out, &errors),
        Stdio::piped(),
        &corpus.warc_plain[..corpus.warc_plain.len() / 2],
    );
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let cut = fs::read_to_string(&errors).unwrap();
    let cut = cut
        .lines()
        .filter(|l| l.contains("truncated WARC record"))
        .collect::<Vec<_>>();
    assert_eq!(cut.len(), 1, "{cut:?}");
    assert!(cut[0].contains("\"retry\":true"), "{}", cut[0]);
    let cut_id = serde_json::from_str::<serde_json::Value>(cut[0]).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let resumed = run_ok(batch_to(&out, &errors).args(&corpus.inputs).arg("--resume"));
    let stderr = String::from_utf8_lossy(&resumed.stderr);
    let (_, written, _, _, done) = counts(&stderr);
    assert!(written > 0 && done > 0, "{stderr}");
    check_files(&corpus, &out, &errors);
    assert!(ids_of(&out).contains(&cut_id), "{cut_id} was not redone");
    assert!(!ids_of(&errors).contains(&cut_id));
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("a.html");
    fs::write(&page, article_page(1)).unwrap();
    let out = run_ok(
        warta()
            .args(["batch", "--format", "parquet", "--out", "-"])
            .arg(&page),
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run_ok(warta().args(["batch", "--resume", "--out", "-"]).arg(&page));
    assert_eq!(out.status.code(), Some(2));
    let out = run_ok(warta().args(["batch", "--out", "x.jsonl"]));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn stdout_output_is_plain_json_lines_with_no_progress_bar() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("a.html");
    fs::write(&page, article_page(1)).unwrap();
    let out = run_ok(warta().args(["batch", "--out", "-"]).arg(&page).arg(&page));
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // On a pipe: the summary only, no progress bar drawing.
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        !stderr.contains('\r') && !stderr.contains("\u{1b}["),
        "{stderr}"
    );
}

/// The Python with pyarrow set up by `cargo xtask setup-py`.
#[cfg(feature = "parquet")]
fn python_with_pyarrow() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = root.join("target/py/bin/python");
    let ok = python.exists()
        && Command::new(&python)
            .args(["-c", "import pyarrow.parquet"])
            .status()
            .is_ok_and(|s| s.success());
    if ok {
        return Some(python);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("pyarrow is not installed at target/py: run `cargo xtask setup-py` before the tests (CI must)");
    }
    eprintln!("SKIPPED: pyarrow is not installed at target/py; run `cargo xtask setup-py` to check the Parquet output");
    None
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_output_is_read_by_pyarrow_with_nested_columns() {
    let corpus = build_corpus(80);
    let out = corpus.root.join("out.parquet");
    let errors = corpus.root.join("out.errors.jsonl");
    let jsonl = corpus.root.join("out.jsonl");
    run_ok(
        warta()
            .arg("batch")
            .args(&corpus.inputs)
            .arg("--out")
            .arg(&out)
            .args(["--format", "parquet"])
            .arg("--errors")
            .arg(&errors),
    );
    run_ok(
        warta()
            .arg("batch")
            .args(&corpus.inputs)
            .arg("--out")
            .arg(&jsonl),
    );
    let ids: Vec<String> = warta_batch::parquet_sink::read_ids(&out)
        .unwrap()
        .into_iter()
        .map(|id| id.unwrap())
        .collect();
    assert_eq!(
        ids,
        ids_of(&jsonl),
        "Parquet and JSON Lines hold the same rows in the same order"
    );
    check_files(&corpus, &jsonl, &corpus.root.join("out.jsonl.errors.jsonl"));

    let Some(python) = python_with_pyarrow() else {
        return;
    };
    let script = r#"
import json, sys
import pyarrow as pa, pyarrow.parquet as pq
table = pq.read_table(sys.argv[1])
rows = [json.loads(l) for l in open(sys.argv[2])]
assert table.num_rows == len(rows), (table.num_rows, len(rows))
assert table.column_names == list(rows[0].keys()), table.column_names
t = table.schema
assert pa.types.is_list(t.field("authors").type) and pa.types.is_struct(t.field("authors").type.value_type)
assert pa.types.is_struct(t.field("dateline").type)
ent = t.field("entities").type.value_type
assert pa.types.is_list(ent.field("mentions").type)
got = table.to_pylist()
for a, b in zip(got, rows):
    for key in ("id", "url", "title", "text", "tags", "truncated", "warnings"):
        assert a[key] == b[key], (key, a[key], b[key])
    assert [x["text"] for x in a["body"]] == [x["text"] for x in b["body"]]
    assert len(a["entities"]) == len(b["entities"])
print("ok", table.num_rows)
"#;
    let result = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(&out)
        .arg(&jsonl)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "pyarrow check failed:\n{}\n{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_resume_after_ctrl_c_appends_to_a_valid_file() {
    let corpus = build_corpus(200);
    let out = corpus.root.join("int.parquet");
    let errors = corpus.root.join("int.errors.jsonl");
    let (mut child, stdin) = start_on_stdin(
        batch_to(&out, &errors).args(["--format", "parquet"]),
        Stdio::null(),
        &corpus.warc_plain[..corpus.warc_plain.len() / 2],
    );
    // Wait for error rows (flushed every second) to show progress, then stop.
    let deadline = Instant::now() + Duration::from_secs(120);
    while ids_of(&errors).len() < 3 {
        assert!(Instant::now() < deadline, "no progress after 120 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    drop(stdin);
    child.wait().unwrap();
    let first = warta_batch::parquet_sink::read_ids(&out).unwrap();
    assert!(!first.is_empty());

    run_ok(
        batch_to(&out, &errors)
            .arg(&corpus.warc_gz)
            .args(["--format", "parquet"])
            .arg("--resume"),
    );
    let ids: Vec<String> = warta_batch::parquet_sink::read_ids(&out)
        .unwrap()
        .into_iter()
        .map(|id| id.unwrap())
        .collect();
    let errs = ids_of(&errors);
    // Every page meant to be a row is one, whether or not the kill cut a
    // record (a cut record's error row is dropped and the record redone).
    let expected: Vec<&str> = corpus
        .expected
        .iter()
        .filter(|(id, e)| id.starts_with("<urn:uuid:rec-") && *e == Expect::Row)
        .map(|(id, _)| id.as_str())
        .collect();
    let rows: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|id| expected.contains(id))
        .collect();
    assert_eq!(rows.len(), expected.len());
    assert!(!expected.iter().any(|id| errs.iter().any(|e| e == id)));
    let unique: HashSet<&str> = ids.iter().map(String::as_str).collect();
    assert_eq!(unique.len(), ids.len(), "duplicate rows after resume");
}

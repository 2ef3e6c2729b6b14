//! Pathological batch inputs through `warta_batch::run`, each in its own
//! child process with a bound on wall time and on peak resident memory:
//! a gzip bomb, truncated WARC records, and a JSON Lines line of 100 MB.
//!
//! Every case must end in rows or clear error rows naming the input, with
//! `read = written + failed + skipped`: never a panic, a hang or unbounded
//! memory. Each case runs under `warta_bounded::bounded`: the
//! child (this test binary filtered to one case) runs a watchdog thread that
//! aborts it when its resident memory passes the bound, and the parent kills
//! it when the time bound passes. The parent prints one table row per case.

use std::io::Write;
use std::path::Path;

use warta_batch::warc::WarcWriter;
use warta_batch::{Config, OutTarget, Summary};
use warta_bounded::bounded;

/// Runs a batch over `inputs` (files in `dir`) with the default limits and
/// two workers; checks the counts balance and every error row names one of
/// the inputs. Returns the summary and the error causes.
fn batch(dir: &Path, inputs: &[&str]) -> (Summary, Vec<(String, String)>) {
    let out = dir.join("out.jsonl");
    let mut config = Config::new(
        inputs
            .iter()
            .map(|i| dir.join(i).display().to_string())
            .collect(),
        OutTarget::File(out.clone()),
    );
    config.jobs = 2;
    let summary = warta_batch::run(&config).expect("the batch runs");
    assert!(
        summary.balanced(),
        "read != written + failed + skipped: {summary}"
    );
    let rows = std::fs::read_to_string(&out).unwrap_or_default();
    assert_eq!(rows.lines().count() as u64, summary.written, "{summary}");
    let errors_path = config
        .errors_path()
        .expect("an error file beside the output");
    let errors = std::fs::read_to_string(errors_path).unwrap_or_default();
    let mut causes = Vec::new();
    for line in errors.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("error rows are JSON");
        let source = row["source"].as_str().unwrap_or("").to_owned();
        let cause = row["cause"].as_str().unwrap_or("").to_owned();
        assert!(
            inputs.iter().any(|i| source.contains(i)),
            "an error row not naming its input: {line}"
        );
        assert!(!cause.trim().is_empty(), "an error row without a cause");
        causes.push((source, cause));
    }
    assert_eq!(causes.len() as u64, summary.failed, "{summary}");
    (summary, causes)
}

fn describe(summary: &Summary, causes: &[(String, String)]) -> String {
    let mut text = format!(
        "read {} = written {} + failed {} + skipped {}",
        summary.read,
        summary.written,
        summary.failed,
        summary.skipped()
    );
    for (source, cause) in causes {
        let file = source.rsplit('/').next().unwrap_or(source);
        text.push_str(&format!("; {file}: {cause}"));
    }
    text
}

const PARAGRAPH: &str = "Pemerintah Kota Surabaya menyiapkan anggaran Rp1,2 miliar untuk perbaikan jalan, kata Wali Kota pada Rabu (24/8). ";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("gzip in memory");
    enc.finish().expect("gzip in memory")
}

/// `gib` GiB of zero bytes as a multi-member gzip stream: one 1 MiB member
/// (about 1 KB compressed) repeated, about 10 MB on disk for 10 GiB.
fn zero_bomb(gib: usize) -> Vec<u8> {
    let member = gzip(&vec![0u8; 1 << 20]);
    let mut bomb = Vec::with_capacity(member.len() * gib * 1024);
    for _ in 0..gib * 1024 {
        bomb.extend_from_slice(&member);
    }
    bomb
}

/// An article page as a JSON Lines record.
fn jsonl_record(id: &str) -> String {
    let html = format!("<html><body><article><h1>Jalan</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>");
    let mut line = serde_json::json!({ "id": id, "html": html }).to_string();
    line.push('\n');
    line
}

#[test]
fn gzip_bomb_10_gib() {
    bounded("gzip_bomb_10_gib", 180, 768, || {
        let dir = tempfile::tempdir().expect("temp dir");
        let bomb = zero_bomb(10);
        // The same bomb read as a page, as JSON Lines and as WARC, with a
        // good record after it where the layout has records.
        std::fs::write(dir.path().join("bomb.html.gz"), &bomb).expect("write");
        let mut jsonl = bomb.clone();
        jsonl.extend(gzip(format!("\n{}", jsonl_record("after")).as_bytes()));
        std::fs::write(dir.path().join("bomb.jsonl.gz"), &jsonl).expect("write");
        std::fs::write(dir.path().join("bomb.warc.gz"), &bomb).expect("write");
        drop((bomb, jsonl));
        let (summary, causes) = batch(
            dir.path(),
            &["bomb.html.gz", "bomb.jsonl.gz", "bomb.warc.gz"],
        );
        assert!(summary.failed >= 3, "{summary}");
        assert!(
            causes.iter().all(|(_, c)| c.contains("exceeds")
                || c.contains("not a WARC record")
                || c.contains("gzip")),
            "{causes:?}"
        );
        describe(&summary, &causes)
    });
}

#[test]
fn truncated_warc_records() {
    bounded("truncated_warc_records", 120, 512, || {
        let dir = tempfile::tempdir().expect("temp dir");
        for gz in [false, true] {
            let mut w = WarcWriter::new(Vec::new(), gz);
            for i in 0..20 {
                let body = format!("<html><body><article><h1>Berita {i}</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>");
                w.write_response(
                    &format!("<urn:uuid:{i}>"),
                    &format!("https://a.test/{i}"),
                    200,
                    "text/html; charset=utf-8",
                    body.as_bytes(),
                )
                .expect("write in memory");
            }
            let mut data = w.into_inner();
            // Cut inside the last record's content.
            data.truncate(data.len() - if gz { 40 } else { 60 });
            let name = if gz { "cut.warc.gz" } else { "cut.warc" };
            std::fs::write(dir.path().join(name), &data).expect("write");
        }
        // A record whose header promises 1 GiB of content that is not there.
        let mut lying = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:big>\r\nContent-Length: 1073741824\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>".to_vec();
        lying.extend_from_slice(PARAGRAPH.as_bytes());
        std::fs::write(dir.path().join("lying.warc"), &lying).expect("write");
        let (summary, causes) = batch(dir.path(), &["cut.warc", "cut.warc.gz", "lying.warc"]);
        assert_eq!(summary.written, 38, "{summary}");
        assert_eq!(summary.failed, 3, "{summary}");
        describe(&summary, &causes)
    });
}

#[test]
fn jsonl_line_100_mb() {
    bounded("jsonl_line_100_mb", 180, 768, || {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(dir.path().join("long.jsonl")).expect("create"),
        );
        file.write_all(jsonl_record("before").as_bytes())
            .expect("write");
        file.write_all(br#"{"id":"huge","text":""#).expect("write");
        let mut written = 0usize;
        while written < 100 << 20 {
            file.write_all(PARAGRAPH.as_bytes()).expect("write");
            written += PARAGRAPH.len();
        }
        file.write_all(b"\"}\n").expect("write");
        file.write_all(jsonl_record("after").as_bytes())
            .expect("write");
        file.flush().expect("write");
        drop(file);
        let (summary, causes) = batch(dir.path(), &["long.jsonl"]);
        assert_eq!((summary.written, summary.failed), (2, 1), "{summary}");
        assert!(causes[0].1.contains("exceeds"), "{causes:?}");
        describe(&summary, &causes)
    });
}

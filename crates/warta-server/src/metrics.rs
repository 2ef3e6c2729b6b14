//! Prometheus metrics, hand-rolled: a few counters, gauges and one latency
//! histogram are all the service needs, and the text format is simple.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds (seconds) of the latency histogram's buckets.
const BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

#[derive(Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        for (bound, count) in BUCKETS.iter().zip(self.counts.iter_mut()) {
            if seconds <= *bound {
                *count += 1;
            }
        }
        self.count += 1;
        self.sum += seconds;
    }
}

#[derive(Default)]
struct Tables {
    requests: BTreeMap<(String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
}

/// The service's metrics.
#[derive(Default)]
pub struct Metrics {
    tables: Mutex<Tables>,
    in_flight: AtomicU64,
    bytes_in: AtomicU64,
    rejected: AtomicU64,
    timeouts: AtomicU64,
}

/// Pool gauges read at scrape time.
pub struct PoolGauges {
    pub occupied: usize,
    pub running: usize,
    pub capacity: usize,
    pub workers: usize,
}

impl Metrics {
    pub fn start_request(&self) {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
    }

    pub fn finish_request(&self, route: &str, status: u16, elapsed: Duration) {
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
        // A poisoned lock only means another request panicked mid-update; the
        // counters are still usable.
        let mut tables = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        *tables
            .requests
            .entry((route.to_string(), status))
            .or_default() += 1;
        tables
            .latency
            .entry(route.to_string())
            .or_default()
            .observe(elapsed.as_secs_f64());
    }

    pub fn add_bytes_in(&self, bytes: u64) {
        self.bytes_in.fetch_add(bytes, Ordering::Relaxed);
    }

    pub fn count_rejected(&self) {
        self.rejected.fetch_add(1, Ordering::Relaxed);
    }

    pub fn count_timeout(&self) {
        self.timeouts.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self, pool: &PoolGauges) -> String {
        let tables = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = writeln!(
            out,
            "# HELP warta_http_requests_total HTTP requests answered, by route and status.\n# TYPE warta_http_requests_total counter"
        );
        for ((route, status), count) in &tables.requests {
            let _ = writeln!(
                out,
                "warta_http_requests_total{{route=\"{}\",status=\"{status}\"}} {count}",
                label(route)
            );
        }
        let _ = writeln!(
            out,
            "# HELP warta_http_request_duration_seconds Time from request head to response head, by route.\n# TYPE warta_http_request_duration_seconds histogram"
        );
        for (route, histogram) in &tables.latency {
            let route = label(route);
            for (bound, count) in BUCKETS.iter().zip(histogram.counts.iter()) {
                let _ = writeln!(
                    out,
                    "warta_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "warta_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\nwarta_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\nwarta_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                histogram.count, histogram.sum, histogram.count
            );
        }
        let gauges: [(&str, &str, &str, u64); 8] = [
            (
                "warta_http_requests_in_flight",
                "gauge",
                "Requests being answered now.",
                self.in_flight.load(Ordering::Relaxed),
            ),
            (
                "warta_http_request_body_bytes_total",
                "counter",
                "Request body bytes read.",
                self.bytes_in.load(Ordering::Relaxed),
            ),
            (
                "warta_extract_rejected_total",
                "counter",
                "Extractions refused with 503 because the queue was full.",
                self.rejected.load(Ordering::Relaxed),
            ),
            (
                "warta_extract_timeouts_total",
                "counter",
                "Extractions answered 504 because they passed the time limit.",
                self.timeouts.load(Ordering::Relaxed),
            ),
            (
                "warta_extract_pool_occupied",
                "gauge",
                "Places in the extraction pool taken (running and queued).",
                pool.occupied as u64,
            ),
            (
                "warta_extract_pool_running",
                "gauge",
                "Extractions running now.",
                pool.running as u64,
            ),
            (
                "warta_extract_pool_capacity",
                "gauge",
                "Places in the extraction pool (workers plus queue).",
                pool.capacity as u64,
            ),
            (
                "warta_extract_pool_workers",
                "gauge",
                "Extractions that may run at once.",
                pool.workers as u64,
            ),
        ];
        for (name, kind, help, value) in gauges {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        out
    }
}

/// Escapes a Prometheus label value.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

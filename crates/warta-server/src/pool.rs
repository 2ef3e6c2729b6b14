//! The bounded extraction pool: CPU work runs off the async reactor, at most
//! `workers` at a time, with at most `queue` more waiting. A request that finds
//! every slot taken is refused at once (503) instead of growing memory.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

/// A place in the pool (running or waiting), held from before the request
/// body is read until the extraction finishes, so that the bodies buffered at
/// any moment are bounded by `workers + queue`.
pub struct Admission {
    _permit: OwnedSemaphorePermit,
}

/// Runs extractions on blocking threads, bounded in count and queue length.
pub struct Pool {
    admission: Arc<Semaphore>,
    running: Arc<Semaphore>,
    capacity: usize,
    workers: usize,
    time_limit: Duration,
}

impl Pool {
    /// A pool of `workers` running slots and `queue` waiting slots; each
    /// extraction (queueing included) gets `time_limit`.
    pub fn new(workers: usize, queue: usize, time_limit: Duration) -> Self {
        let workers = workers.max(1);
        let capacity = workers + queue;
        Pool {
            admission: Arc::new(Semaphore::new(capacity)),
            running: Arc::new(Semaphore::new(workers)),
            capacity,
            workers,
            time_limit,
        }
    }

    /// Takes a place, or `None` when every place is taken.
    pub fn admit(&self) -> Option<Admission> {
        self.admission
            .clone()
            .try_acquire_owned()
            .ok()
            .map(|permit| Admission { _permit: permit })
    }

    /// Places taken now (running and waiting).
    pub fn occupied(&self) -> usize {
        self.capacity - self.admission.available_permits()
    }

    /// Extractions running now.
    pub fn running(&self) -> usize {
        self.workers - self.running.available_permits()
    }

    pub fn workers(&self) -> usize {
        self.workers
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn time_limit(&self) -> Duration {
        self.time_limit
    }

    /// Runs `work` on a blocking thread once a worker is free. Past the time
    /// limit the caller gets a 504 at once; the work itself cannot be
    /// interrupted, so it keeps its place until it ends and the pool never
    /// runs more than `workers` at a time.
    pub async fn run<T, F>(&self, admission: Admission, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let running = self.running.clone();
        let job = async move {
            let worker = running
                .acquire_owned()
                .await
                .map_err(|_| ApiError::internal("the extraction pool is closed"))?;
            tokio::task::spawn_blocking(move || {
                let _places = (worker, admission);
                work()
            })
            .await
            .map_err(|e| ApiError::internal(format!("the extraction failed: {e}")))
        };
        match tokio::time::timeout(self.time_limit, job).await {
            Ok(result) => result,
            Err(_) => Err(ApiError::timeout(self.time_limit.as_millis() as u64)),
        }
    }
}

//! A small addon written with nabi-sdk: a function, an error, a class, a
//! plain-object argument, and work on a background thread returning a
//! Promise. `index.js` loads it; `test.js` shows each part from JS.

use nabi_sdk::{class, export, methods, object, AsyncTask, Error, Result, Task};

/// `add(1, 2) === 3`. Arguments are converted (and checked) for you.
#[export]
fn add(a: f64, b: f64) -> f64 {
    a + b
}

/// A `Result` error becomes a thrown JS `Error` with a `code`.
#[export]
fn parse_port(s: &str) -> Result<u16> {
    s.parse()
        .map_err(|_| Error::range_error(format!("not a port number: {s:?}")).with_code("E_PORT"))
}

/// A plain JS object in and out: `{ name, tags?, retries }`.
#[object]
pub struct Job {
    pub name: String,
    pub tags: Option<Vec<String>>,
    pub retries: u32,
}

#[export]
fn retry(job: Job) -> Job {
    Job {
        retries: job.retries + 1,
        ..job
    }
}

/// A JS class backed by a Rust struct; dropped when JS collects it.
#[class]
pub struct Tally {
    count: u32,
}

#[methods]
impl Tally {
    #[constructor]
    pub fn new(start: Option<u32>) -> Self {
        Tally {
            count: start.unwrap_or(0),
        }
    }

    pub fn bump(&mut self) -> u32 {
        self.count += 1;
        self.count
    }

    #[getter]
    pub fn count(&self) -> u32 {
        self.count
    }
}

/// CPU work off the JS thread: `await sumOfSquares(1000)`.
pub struct SumOfSquares(u64);

impl Task for SumOfSquares {
    type Output = u64;
    type JsValue = f64;
    fn compute(&mut self) -> Result<u64> {
        Ok((1..=self.0).map(|i| i * i).sum())
    }
    fn resolve(&mut self, _env: nabi_sdk::Env, out: u64) -> Result<f64> {
        Ok(out as f64)
    }
}

#[export]
fn sum_of_squares(n: u32) -> AsyncTask<SumOfSquares> {
    AsyncTask::new(SumOfSquares(n as u64))
}

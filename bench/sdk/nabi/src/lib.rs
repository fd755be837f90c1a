//! Benchmark addon: the call-overhead cases written with nabi-sdk.
use nabi_sdk::{class, export, methods, Serde};
use serde::{Deserialize, Serialize};

#[export]
fn noop() {}

#[export]
fn add(a: f64, b: f64) -> f64 {
    a + b
}

#[export]
fn slice_len(b: &[u8]) -> u32 {
    b.len() as u32
}

#[export]
fn greet(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    out.push_str(s);
    out.push('!');
    out
}

#[derive(Serialize, Deserialize)]
pub struct Vec3 {
    x: f64,
    y: f64,
    z: f64,
}

#[export]
fn scale(v: Serde<Vec3>) -> Serde<Vec3> {
    let v = v.0;
    Serde(Vec3 {
        x: v.x * 2.0,
        y: v.y * 2.0,
        z: v.z * 2.0,
    })
}

#[class]
pub struct Counter {
    n: f64,
}

#[methods]
impl Counter {
    #[constructor]
    pub fn new() -> Self {
        Counter { n: 0.0 }
    }
    pub fn incr(&mut self) -> f64 {
        self.n += 1.0;
        self.n
    }
}

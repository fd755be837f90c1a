//! Benchmark addon: the call-overhead cases written with napi-rs 3.
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde::{Deserialize, Serialize};

#[napi]
pub fn noop() {}

#[napi]
pub fn add(a: f64, b: f64) -> f64 {
    a + b
}

#[napi]
pub fn slice_len(b: &[u8]) -> u32 {
    b.len() as u32
}

#[napi]
pub fn greet(s: String) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    out.push_str(&s);
    out.push('!');
    out
}

#[derive(Serialize, Deserialize)]
pub struct Vec3 {
    x: f64,
    y: f64,
    z: f64,
}

#[napi(ts_args_type = "v: { x: number, y: number, z: number }")]
pub fn scale(env: Env, v: Unknown<'_>) -> Result<Unknown<'_>> {
    let v: Vec3 = env.from_js_value(v)?;
    env.to_js_value(&Vec3 {
        x: v.x * 2.0,
        y: v.y * 2.0,
        z: v.z * 2.0,
    })
    .map(|v| v.to_unknown())
}

#[napi]
pub struct Counter {
    n: f64,
}

#[napi]
impl Counter {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Counter { n: 0.0 }
    }
    #[napi]
    pub fn incr(&mut self) -> f64 {
        self.n += 1.0;
        self.n
    }
}

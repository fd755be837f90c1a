// The callback's handle dies with the call; the future runs later.
use nabi_sdk::{export, Function};

#[export]
async fn later(cb: Function<(), f64>) -> f64 {
    cb.call(()).unwrap_or(0.0)
}

fn main() {}

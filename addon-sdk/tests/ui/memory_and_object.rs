// Reading a property may run a getter, which could detach `buf`.
use nabi_sdk::{export, Object};

#[export]
fn f(o: Object, buf: &[f64]) -> f64 {
    let _ = o.get::<f64>("x");
    buf[0]
}

fn main() {}

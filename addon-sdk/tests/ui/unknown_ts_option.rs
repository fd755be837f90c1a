// `#[ts(...)]` knows only `type`.
use nabi_sdk::export;

#[export]
fn f(#[ts(kind = "number")] x: f64) -> f64 {
    x
}

fn main() {}

// Storing a borrowed parameter somewhere that outlives the call.
use std::cell::Cell;

use nabi_sdk::export;

thread_local! {
    static KEPT: Cell<&'static [u8]> = const { Cell::new(&[]) };
}

#[export]
fn keep(b: &[u8]) {
    KEPT.with(|k| k.set(b));
}

fn main() {}

// A borrow of a Buffer's bytes kept past the call: JS may free them after.
use nabi_sdk::export;

#[export]
fn keep(b: &'static [u8]) -> u32 {
    b.len() as u32
}

fn main() {}

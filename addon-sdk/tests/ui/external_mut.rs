// An External read from JS may be the same value as another parameter:
// handing out `&mut` to it could alias, so it is read-only.
use nabi_sdk::{export, External};

#[export]
fn bump(a: External<u32>, b: External<u32>) -> u32 {
    let mut a = a;
    *a += 1;
    *a + *b
}

fn main() {}

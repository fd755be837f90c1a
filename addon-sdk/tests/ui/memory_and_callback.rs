// The callback could detach or transfer `buf`'s ArrayBuffer while `buf` points into it.
use nabi_sdk::{export, Function};

#[export]
fn f(buf: &[u8], cb: Function<(), ()>) -> u32 {
    cb.call(()).ok();
    buf[0] as u32
}

fn main() {}

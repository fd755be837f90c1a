// With the Env the body can run any JS, which could detach `buf`.
use nabi_sdk::{export, Env};

#[export]
fn f(env: Env, buf: &mut [u8]) -> u32 {
    let _ = env;
    buf[0] as u32
}

fn main() {}

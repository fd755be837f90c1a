// `this: This` is the receiver as an object (getters can run JS and detach
// `buf`); only the typed token `This<Self>` may sit beside borrowed memory.
use nabi_sdk::{class, methods, This};

#[class]
pub struct Sink {
    n: usize,
}

#[methods]
impl Sink {
    pub fn feed(&mut self, this: This, buf: &[u8]) -> This {
        self.n += buf.len();
        this
    }
}

fn main() {}

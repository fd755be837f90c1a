// The typed receiver token `This<Self>` gives no access to the object: that
// is what lets it sit beside borrowed JS memory.
use nabi_sdk::{class, methods, This};

#[class]
pub struct Sink {
    n: usize,
}

#[methods]
impl Sink {
    pub fn feed(&mut self, this: This<Self>, buf: &[u8]) -> This<Self> {
        let _ = this.get::<u32>("x");
        self.n += buf.len();
        this
    }
}

fn main() {}

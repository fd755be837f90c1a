pub(crate) mod child_process;
pub(crate) mod crypto;
pub(crate) mod fs;
pub(crate) mod os;
pub(crate) mod pool;
pub(crate) mod worker;
pub(crate) mod zlib;

//! The native side of `zlib`: deflate/inflate streams (zlib, gzip and raw
//! formats) over `zlib-rs`, a Rust implementation of zlib's API — its error
//! messages are zlib's ("incorrect header check", …), which Node shows.
//!
//! A [`ZStream`] is one engine; `write(input, flush)` returns all the output
//! that input produces. The synchronous API runs a one-shot engine on the
//! JS thread, the callback API the same on libuv's thread pool
//! (`pool::queue_work`); the stream classes keep an engine
//! and send each write to the pool.

use std::sync::{Arc, Mutex};

use napi_host::qjs::{self, free};
use rquickjs_sys::*;
use zlib_rs::{
    Deflate, DeflateConfig, DeflateFlush, Inflate, InflateError, InflateFlush, Status, Strategy,
};

use crate::builtins::args::{
    arg, native_fn, num, owned_bytes, set_fns, throw_error, unwrap_native, with_bytes, wrap_native,
};
use crate::builtins::pool::{job_result, queue_work, JobError};
use crate::engine::Options;

// Node's mode numbers (zlib.constants.DEFLATE …).
const DEFLATE: u8 = 1;
const INFLATE: u8 = 2;
const GZIP: u8 = 3;
const GUNZIP: u8 = 4;
const DEFLATERAW: u8 = 5;
const INFLATERAW: u8 = 6;
const UNZIP: u8 = 7;

const Z_FINISH: i32 = 4;

/// zlib-rs's message for a stream already in its error state.
const BAD_STATE: &str = "repeated call with bad state";

/// What makes an engine; checked on the JS side (Node's ranges).
#[derive(Clone)]
struct Config {
    mode: u8,
    level: i32,
    window_bits: i32,
    mem_level: i32,
    strategy: i32,
    dictionary: Option<Vec<u8>>,
}

impl Config {
    /// From `(mode, level, windowBits, memLevel, strategy, dictionary)`.
    unsafe fn parse(ctx: *mut JSContext, a: &[JSValue]) -> Result<Config, JobError> {
        let int = |i: usize, d: i32| {
            let n = num(a, i);
            if n.is_finite() {
                n as i32
            } else {
                d
            }
        };
        let dict = arg(a, 5);
        let cfg = Config {
            mode: int(0, 0) as u8,
            level: int(1, -1),
            window_bits: int(2, 15),
            mem_level: int(3, 8),
            strategy: int(4, 0),
            dictionary: (!qjs::is_undefined(dict) && !qjs::is_null(dict))
                .then(|| owned_bytes(ctx, dict)),
        };
        let ok = (DEFLATE..=UNZIP).contains(&cfg.mode)
            && (-1..=9).contains(&cfg.level)
            && (cfg.window_bits == 0 || (8..=15).contains(&cfg.window_bits))
            && (1..=9).contains(&cfg.mem_level)
            && (0..=4).contains(&cfg.strategy);
        if ok {
            Ok(cfg)
        } else {
            Err(error(-2, "Init error"))
        }
    }

    fn is_deflate(&self) -> bool {
        matches!(self.mode, DEFLATE | GZIP | DEFLATERAW)
    }
}

/// Node's zlib error: message, `errno`, and `code` named after the errno.
fn error(errno: i32, message: &str) -> JobError {
    let code = match errno {
        2 => "Z_NEED_DICT",
        -1 => "Z_ERRNO",
        -2 => "Z_STREAM_ERROR",
        -3 => "Z_DATA_ERROR",
        -4 => "Z_MEM_ERROR",
        -5 => "Z_BUF_ERROR",
        -6 => "Z_VERSION_ERROR",
        _ => "Z_UNKNOWN_ERROR",
    };
    JobError {
        errno: Some(errno),
        ..JobError::new(code, message)
    }
}

fn too_large(max: usize) -> JobError {
    JobError {
        range: true,
        ..JobError::new(
            "ERR_BUFFER_TOO_LARGE",
            format!("Cannot create a Buffer larger than {max} bytes"),
        )
    }
}

enum Engine {
    Deflate(Box<Deflate>),
    Inflate(Box<Inflate>),
}

pub(crate) struct ZStream {
    cfg: Config,
    engine: Engine,
    /// The stream's end was reached: later input is ignored.
    ended: bool,
    /// Gunzip (or unzip of gzip data): after a member ends, input that
    /// follows and does not start with a zero byte is another member.
    members: bool,
    /// Unzip before its first byte: not known yet whether gzip.
    undecided: bool,
}

fn new_inflate(cfg: &Config) -> Inflate {
    let wb = if cfg.window_bits == 0 {
        15
    } else {
        cfg.window_bits
    } as u8;
    match cfg.mode {
        INFLATE => Inflate::new(true, wb),
        GUNZIP => Inflate::new(true, wb + 16),
        INFLATERAW => Inflate::new(false, wb),
        _ => Inflate::new(true, wb + 32),
    }
}

impl ZStream {
    fn new(cfg: Config) -> Result<ZStream, JobError> {
        let engine = if cfg.is_deflate() {
            // zlib takes a window of 8 only with the zlib wrapper (as 9).
            let wb = cfg.window_bits.max(9);
            let window_bits = match cfg.mode {
                GZIP => wb + 16,
                DEFLATERAW => -wb,
                _ => cfg.window_bits.max(8),
            };
            let strategy = Strategy::try_from(cfg.strategy).unwrap_or_default();
            let mut d = Deflate::new_with_config(DeflateConfig {
                level: cfg.level,
                window_bits,
                mem_level: cfg.mem_level,
                strategy,
                ..DeflateConfig::default()
            });
            if let Some(dict) = &cfg.dictionary {
                if cfg.mode != GZIP {
                    d.set_dictionary(dict)
                        .map_err(|_| error(-2, "Failed to set dictionary"))?;
                }
            }
            Engine::Deflate(Box::new(d))
        } else {
            let mut i = new_inflate(&cfg);
            if cfg.mode == INFLATERAW {
                if let Some(dict) = &cfg.dictionary {
                    i.set_dictionary(dict)
                        .map_err(|_| error(-2, "Failed to set dictionary"))?;
                }
            }
            Engine::Inflate(Box::new(i))
        };
        Ok(ZStream {
            members: cfg.mode == GUNZIP,
            undecided: cfg.mode == UNZIP,
            cfg,
            engine,
            ended: false,
        })
    }

    fn reset(&mut self) -> Result<(), JobError> {
        *self = ZStream::new(self.cfg.clone())?;
        Ok(())
    }

    fn params(&mut self, level: i32, strategy: i32) -> Result<(), JobError> {
        self.cfg.level = level;
        self.cfg.strategy = strategy;
        if let Engine::Deflate(d) = &mut self.engine {
            if strategy == 0 {
                d.set_level(level).map_err(|_| error(-2, "stream error"))?;
            }
        }
        Ok(())
    }

    /// Feeds `input` with zlib flush mode `flush`; returns all the output.
    fn write(&mut self, input: &[u8], flush: i32, max_out: usize) -> Result<Vec<u8>, JobError> {
        self.feed(input, flush, max_out, false)
    }

    /// A whole input, from a new engine. zlib-rs reports an error its fast
    /// decoding path finds as "repeated call with bad state" (its own
    /// message is overwritten); decoding again without that path (output
    /// room under 258 bytes) finds zlib's message, which Node shows.
    fn one_shot(
        cfg: Config,
        input: &[u8],
        flush: i32,
        max_out: usize,
    ) -> Result<Vec<u8>, JobError> {
        let r = ZStream::new(cfg.clone())?.write(input, flush, max_out);
        match r {
            Err(e) if e.message == BAD_STATE => {
                match ZStream::new(cfg)?.feed(input, flush, max_out, true) {
                    Err(again) if again.errno == e.errno => Err(again),
                    _ => Err(e),
                }
            }
            r => r,
        }
    }

    /// [`write`](Self::write); with `slow`, output goes through a small
    /// buffer and is dropped (only the outcome matters).
    fn feed(
        &mut self,
        mut input: &[u8],
        flush: i32,
        max_out: usize,
        slow: bool,
    ) -> Result<Vec<u8>, JobError> {
        let mut out: Vec<u8> = Vec::new();
        if self.ended {
            return Ok(out);
        }
        if self.undecided && !input.is_empty() {
            self.undecided = false;
            self.members = input[0] == 0x1f;
        }
        loop {
            if out.capacity() - out.len() < 64 {
                out.reserve((input.len() + 64).clamp(16384, 1 << 20).max(out.len()));
            }
            if slow {
                out.clear();
            }
            let spare = out.spare_capacity_mut();
            let spare = if slow { &mut spare[..200] } else { spare };
            let room = spare.len();
            let (consumed, produced, status) = match &mut self.engine {
                Engine::Deflate(d) => {
                    let (i0, o0) = (d.total_in(), d.total_out());
                    let f = DeflateFlush::try_from(flush).unwrap_or_default();
                    let st = d
                        .compress_uninit(input, spare, f)
                        .map_err(|e| error(e as i32, e.as_str()))?;
                    (d.total_in() - i0, d.total_out() - o0, st)
                }
                Engine::Inflate(i) => {
                    let (i0, o0) = (i.total_in(), i.total_out());
                    let f = InflateFlush::try_from(flush).unwrap_or_default();
                    let r = i.decompress_uninit(input, spare, f);
                    let (c, p) = (i.total_in() - i0, i.total_out() - o0);
                    let st = match r {
                        Ok(st) => st,
                        Err(InflateError::NeedDict { .. }) => {
                            let Some(dict) = &self.cfg.dictionary else {
                                return Err(error(2, "Missing dictionary"));
                            };
                            if i.set_dictionary(dict).is_err() {
                                return Err(error(2, "Bad dictionary"));
                            }
                            Status::Ok
                        }
                        Err(e) => {
                            let errno = match e {
                                InflateError::StreamError => -2,
                                InflateError::MemError => -4,
                                _ => -3,
                            };
                            let msg = i.error_message().unwrap_or(e.as_str());
                            return Err(error(errno, msg));
                        }
                    };
                    (c, p, st)
                }
            };
            // SAFETY: the engine wrote `produced` bytes into the spare room.
            unsafe { out.set_len(out.len() + produced as usize) };
            input = &input[consumed as usize..];
            if !slow && out.len() > max_out {
                return Err(too_large(max_out));
            }
            if status == Status::StreamEnd {
                if self.members && !input.is_empty() && input[0] != 0 {
                    // Another gzip member follows.
                    self.engine = Engine::Inflate(Box::new(new_inflate(&self.cfg)));
                    continue;
                }
                self.ended = true;
                break;
            }
            let filled = produced as usize == room;
            if !filled && (input.is_empty() || (consumed == 0 && produced == 0)) {
                break;
            }
        }
        if flush == Z_FINISH && !self.ended && !self.cfg.is_deflate() {
            return Err(error(-5, "unexpected end of file"));
        }
        Ok(out)
    }
}

// ---- binding ----------------------------------------------------------------

fn max_len(n: f64) -> usize {
    if n.is_finite() && n >= 0.0 {
        n as usize
    } else {
        usize::MAX
    }
}

/// A stream class's engine: shared with the pool job writing to it (the
/// JS side has at most one write in flight, as Node's does).
type Shared = Arc<Mutex<ZStream>>;

// SAFETY: a zlib-rs engine is heap memory it owns, reached through its own
// pointers, with no tie to the thread that made it; the Mutex lets one
// thread at a time use it.
unsafe impl Send for ZStream {}

/// `create(mode, level, windowBits, memLevel, strategy, dictionary)` →
/// native engine.
unsafe fn create(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    match Config::parse(ctx, a).and_then(ZStream::new) {
        Ok(z) => wrap_native::<Shared>(ctx, Arc::new(Mutex::new(z))),
        Err(e) => JS_Throw(ctx, e.to_js(ctx)),
    }
}

unsafe fn engine(ctx: *mut JSContext, v: JSValue) -> Result<Shared, JSValue> {
    unwrap_native::<Shared>(v)
        .map(|z| z.clone())
        .ok_or_else(|| throw_error(ctx, "ERR_INVALID_ARG_TYPE", "not a zlib engine", None))
}

/// Runs `f` on the engine `v`.
unsafe fn with_engine(
    ctx: *mut JSContext,
    v: JSValue,
    f: impl FnOnce(&mut ZStream) -> Result<Vec<u8>, JobError>,
) -> JSValue {
    match engine(ctx, v) {
        Ok(z) => {
            let r = f(&mut z.lock().unwrap_or_else(|p| p.into_inner()));
            job_result(ctx, r)
        }
        Err(e) => e,
    }
}

/// `write(engine, input, flush, maxOutputLength)` → ArrayBuffer.
unsafe fn write(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let flush = num(a, 2) as i32;
    let max = max_len(num(a, 3));
    with_engine(ctx, arg(a, 0), |z| {
        with_bytes(ctx, arg(a, 1), |input| z.write(input, flush, max))
    })
}

/// `writeAsync(engine, input, flush, maxOutputLength, callback)`: the same
/// on libuv's thread pool, then `callback(err, arrayBuffer)`.
unsafe fn write_async(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let z = match engine(ctx, arg(a, 0)) {
        Ok(z) => z,
        Err(e) => return e,
    };
    let input = owned_bytes(ctx, arg(a, 1));
    let flush = num(a, 2) as i32;
    let max = max_len(num(a, 3));
    queue_work(arg(a, 4), move || {
        let mut z = z.lock().unwrap_or_else(|p| p.into_inner());
        z.write(&input, flush, max)
    });
    JS_UNDEFINED
}

/// Runs `f` on the engine `v` for its effect: `undefined`, or the error
/// thrown.
unsafe fn change_engine(
    ctx: *mut JSContext,
    v: JSValue,
    f: impl FnOnce(&mut ZStream) -> Result<(), JobError>,
) -> JSValue {
    let r = with_engine(ctx, v, |z| f(z).map(|()| Vec::new()));
    if qjs::is_exception(r) {
        return r;
    }
    free(ctx, r);
    JS_UNDEFINED
}

/// `reset(engine)`.
unsafe fn reset(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    change_engine(ctx, arg(a, 0), ZStream::reset)
}

/// `params(engine, level, strategy)`.
unsafe fn params(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let (level, strategy) = (num(a, 1) as i32, num(a, 2) as i32);
    change_engine(ctx, arg(a, 0), |z| z.params(level, strategy))
}

/// `processAsync(callback, mode, level, windowBits, memLevel, strategy,
/// dictionary, input, flush, maxOutputLength)`: a one-shot job on the pool.
unsafe fn process_async(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let rest = &a[1.min(a.len())..];
    let cfg = Config::parse(ctx, rest);
    let input = owned_bytes(ctx, arg(rest, 6));
    let flush = num(rest, 7) as i32;
    let max = max_len(num(rest, 8));
    queue_work(arg(a, 0), move || {
        ZStream::one_shot(cfg?, &input, flush, max)
    });
    JS_UNDEFINED
}

/// `process(mode, level, windowBits, memLevel, strategy, dictionary, input,
/// flush, maxOutputLength)` → ArrayBuffer: the same one-shot, synchronously.
unsafe fn process(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let cfg = match Config::parse(ctx, a) {
        Ok(c) => c,
        Err(e) => return JS_Throw(ctx, e.to_js(ctx)),
    };
    let flush = num(a, 7) as i32;
    let max = max_len(num(a, 8));
    let r = with_bytes(ctx, arg(a, 6), |input| {
        ZStream::one_shot(cfg, input, flush, max)
    });
    job_result(ctx, r)
}

/// `crc32(data, value)` → number.
unsafe fn crc32(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let start = num(a, 1);
    let start = if start.is_finite() { start as u32 } else { 0 };
    let c = with_bytes(ctx, arg(a, 0), |d| zlib_rs::crc32::crc32(start, d));
    JS_NewNumber(ctx, c as f64)
}

/// Adds `binding.zlib`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    let o = JS_NewObject(ctx);
    set_fns(
        ctx,
        o,
        &[
            (c"writeAsync", native_fn!(write_async), 5),
            (c"process", native_fn!(process), 9),
            (c"create", native_fn!(create), 6),
            (c"write", native_fn!(write), 4),
            (c"reset", native_fn!(reset), 1),
            (c"params", native_fn!(params), 3),
            (c"processAsync", native_fn!(process_async), 10),
            (c"crc32", native_fn!(crc32), 2),
        ],
    );
    JS_SetPropertyStr(ctx, binding, c"zlib".as_ptr(), o);
}

//! The native side of `fs`: synchronous calls, the same calls on libuv's
//! thread pool for the callback and promise APIs, and Node-shaped errors
//! (`ENOENT: no such file or directory, open '/x'` with `errno`, `code`,
//! `syscall`, `path`).
//!
//! Every operation is one [`Op`]: parsed from JS arguments on the JS thread,
//! run (on this thread or a pool thread), and its [`Output`] turned back
//! into a JS value on the JS thread.

use std::ffi::c_int;
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};

use libuv_sys2::*;
use napi_host::qjs;
use rquickjs_sys::*;

use crate::builtins::args::{args, array_buffer, bytes_arg, set_fn, throw_error};
use crate::builtins::handles;
use crate::builtins::permission::{self, Denial, Scope};
use crate::builtins::pool;
use crate::engine::{runtime, Options};

/// One file system operation, with owned arguments (it may cross threads).
enum Op {
    ReadFile(String),
    WriteFile {
        path: String,
        data: Vec<u8>,
        append: bool,
        mode: u32,
    },
    Stat {
        path: String,
        follow: bool,
    },
    Readdir(String),
    Mkdir {
        path: String,
        recursive: bool,
        mode: u32,
    },
    Rm {
        path: String,
        recursive: bool,
        force: bool,
    },
    Rmdir(String),
    Unlink(String),
    Rename(String, String),
    CopyFile(String, String),
    Realpath(String),
    Readlink(String),
    Symlink(String, String),
    Access(String, u32),
    Chmod(String, u32),
    Open {
        path: String,
        flags: i32,
        mode: u32,
    },
    Close(i32),
    Read {
        fd: i32,
        len: usize,
        position: Option<u64>,
    },
    Write {
        fd: i32,
        data: Vec<u8>,
        position: Option<u64>,
    },
    Fstat(i32),
    Truncate(String, i64),
    Ftruncate(i32, i64),
    /// fsync, or fdatasync when the flag is set.
    Fsync(i32, bool),
    Link(String, String),
    /// utimes (follow) or lutimes: seconds as f64.
    Utimes {
        path: String,
        atime: f64,
        mtime: f64,
        follow: bool,
    },
    Futimes(i32, f64, f64),
    Chown {
        path: String,
        uid: u32,
        gid: u32,
        follow: bool,
    },
    Fchown(i32, u32, u32),
    Fchmod(i32, u32),
    Mkdtemp(String),
    Statfs(String),
}

enum Output {
    Undefined,
    Bytes(Vec<u8>),
    Text(String),
    Number(f64),
    Stat(Box<std::fs::Metadata>),
    Entries(Vec<(String, u8)>),
    /// First path created by a recursive mkdir (Node returns it).
    MaybePath(Option<String>),
    Numbers(Vec<f64>),
}

struct FsError {
    err: std::io::Error,
    syscall: &'static str,
    path: Option<String>,
    dest: Option<String>,
}

type OpResult = Result<Output, FsError>;

/// A libc call's result: 0 is done, -1 is errno's error.
fn check(
    ret: c_int,
    syscall: &'static str,
    path: Option<&str>,
    dest: Option<&str>,
) -> OpResult {
    if ret == 0 {
        Ok(Output::Undefined)
    } else {
        Err(FsError {
            err: std::io::Error::last_os_error(),
            syscall,
            path: path.map(str::to_string),
            dest: dest.map(str::to_string),
        })
    }
}

fn cstr(p: &str) -> std::ffi::CString {
    std::ffi::CString::new(p).unwrap_or_default()
}

/// Seconds (fractional) as a timespec.
fn timespec(t: f64) -> libc::timespec {
    let s = t.floor();
    libc::timespec {
        tv_sec: s as libc::time_t,
        tv_nsec: ((t - s) * 1e9) as libc::c_long,
    }
}

/// An error of a call on a descriptor: Node names no path.
fn no_path(err: std::io::Error, syscall: &'static str) -> FsError {
    FsError {
        err,
        syscall,
        path: None,
        dest: None,
    }
}

fn fail(err: std::io::Error, syscall: &'static str, path: &str) -> FsError {
    FsError {
        err,
        syscall,
        path: Some(path.to_string()),
        dest: None,
    }
}

/// A file's type as the number `fs.Dirent` uses on the JS side.
fn type_code(t: std::fs::FileType) -> u8 {
    if t.is_file() {
        1
    } else if t.is_dir() {
        2
    } else if t.is_symlink() {
        3
    } else if t.is_fifo() {
        4
    } else if t.is_socket() {
        5
    } else if t.is_char_device() {
        6
    } else if t.is_block_device() {
        7
    } else {
        0
    }
}

/// The script's fd as a file, borrowed (never closed here). A negative fd is
/// EBADF, as the system call would say (std refuses to wrap -1 at all).
fn fd_file(
    fd: i32,
    syscall: &'static str,
) -> Result<std::mem::ManuallyDrop<std::fs::File>, FsError> {
    use std::os::fd::FromRawFd;
    if fd < 0 {
        return Err(FsError {
            err: std::io::Error::from_raw_os_error(libc::EBADF),
            syscall,
            path: None,
            dest: None,
        });
    }
    // SAFETY: the fd belongs to the script (fs.openSync); ManuallyDrop keeps
    // this borrow from closing it.
    Ok(std::mem::ManuallyDrop::new(unsafe {
        std::fs::File::from_raw_fd(fd)
    }))
}

fn run(op: Op) -> OpResult {
    use std::fs;
    match op {
        // Node names the path on open's errors, not on read's (EISDIR).
        Op::ReadFile(p) => {
            let mut f = fs::File::open(&p).map_err(|e| fail(e, "open", &p))?;
            let mut out = Vec::new();
            f.read_to_end(&mut out).map_err(|e| no_path(e, "read"))?;
            Ok(Output::Bytes(out))
        }
        Op::WriteFile {
            path,
            data,
            append,
            mode,
        } => {
            let mut o = fs::OpenOptions::new();
            o.write(true).create(true).mode(mode);
            if append {
                o.append(true);
            } else {
                o.truncate(true);
            }
            let mut f = o.open(&path).map_err(|e| fail(e, "open", &path))?;
            f.write_all(&data).map_err(|e| no_path(e, "write"))?;
            Ok(Output::Undefined)
        }
        Op::Stat { path, follow } => {
            let m = if follow {
                fs::metadata(&path)
            } else {
                fs::symlink_metadata(&path)
            };
            m.map(|m| Output::Stat(Box::new(m)))
                .map_err(|e| fail(e, if follow { "stat" } else { "lstat" }, &path))
        }
        Op::Readdir(p) => {
            let mut out = Vec::new();
            for e in fs::read_dir(&p).map_err(|e| fail(e, "scandir", &p))? {
                let e = e.map_err(|e| fail(e, "scandir", &p))?;
                let t = e.file_type().map(type_code).unwrap_or(0);
                out.push((e.file_name().to_string_lossy().into_owned(), t));
            }
            out.sort();
            Ok(Output::Entries(out))
        }
        Op::Mkdir {
            path,
            recursive,
            mode,
        } => {
            if recursive {
                // Node returns the first directory it had to create.
                let mut first = None;
                let mut cur = std::path::PathBuf::new();
                for c in std::path::Path::new(&path).components() {
                    cur.push(c);
                    if first.is_none() && !cur.exists() {
                        first = Some(cur.display().to_string());
                    }
                }
                fs::DirBuilder::new()
                    .recursive(true)
                    .mode(mode)
                    .create(&path)
                    .map_err(|e| fail(e, "mkdir", &path))?;
                Ok(Output::MaybePath(first))
            } else {
                fs::DirBuilder::new()
                    .mode(mode)
                    .create(&path)
                    .map_err(|e| fail(e, "mkdir", &path))?;
                Ok(Output::MaybePath(None))
            }
        }
        Op::Rm {
            path,
            recursive,
            force,
        } => {
            let m = match fs::symlink_metadata(&path) {
                Ok(m) => m,
                Err(e) if force && e.kind() == std::io::ErrorKind::NotFound => {
                    return Ok(Output::Undefined)
                }
                Err(e) => return Err(fail(e, "rm", &path)),
            };
            let r = if m.is_dir() {
                if !recursive {
                    return Err(FsError {
                        err: std::io::Error::from_raw_os_error(libc::EISDIR),
                        syscall: "rm",
                        path: Some(path),
                        dest: None,
                    });
                }
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
            r.map(|_| Output::Undefined)
                .map_err(|e| fail(e, "rm", &path))
        }
        Op::Rmdir(p) => fs::remove_dir(&p)
            .map(|_| Output::Undefined)
            .map_err(|e| fail(e, "rmdir", &p)),
        Op::Unlink(p) => fs::remove_file(&p)
            .map(|_| Output::Undefined)
            .map_err(|e| fail(e, "unlink", &p)),
        Op::Rename(a, b) => fs::rename(&a, &b)
            .map(|_| Output::Undefined)
            .map_err(|e| FsError {
                err: e,
                syscall: "rename",
                path: Some(a),
                dest: Some(b),
            }),
        Op::CopyFile(a, b) => fs::copy(&a, &b)
            .map(|_| Output::Undefined)
            .map_err(|e| FsError {
                err: e,
                syscall: "copyfile",
                path: Some(a),
                dest: Some(b),
            }),
        Op::Realpath(p) => fs::canonicalize(&p)
            .map(|r| Output::Text(r.display().to_string()))
            .map_err(|e| fail(e, "realpath", &p)),
        Op::Readlink(p) => fs::read_link(&p)
            .map(|r| Output::Text(r.display().to_string()))
            .map_err(|e| fail(e, "readlink", &p)),
        Op::Symlink(target, p) => std::os::unix::fs::symlink(&target, &p)
            .map(|_| Output::Undefined)
            .map_err(|e| FsError {
                err: e,
                syscall: "symlink",
                path: Some(target),
                dest: Some(p),
            }),
        Op::Access(p, mode) => {
            let c = std::ffi::CString::new(p.clone()).unwrap_or_default();
            // SAFETY: a NUL-terminated path.
            if unsafe { libc::access(c.as_ptr(), mode as c_int) } == 0 {
                Ok(Output::Undefined)
            } else {
                Err(fail(std::io::Error::last_os_error(), "access", &p))
            }
        }
        Op::Chmod(p, mode) => fs::set_permissions(&p, fs::Permissions::from_mode(mode))
            .map(|_| Output::Undefined)
            .map_err(|e| fail(e, "chmod", &p)),
        Op::Open { path, flags, mode } => {
            let c = std::ffi::CString::new(path.clone()).unwrap_or_default();
            // SAFETY: a NUL-terminated path; flags and mode as given.
            let fd = unsafe { libc::open(c.as_ptr(), flags | libc::O_CLOEXEC, mode) };
            if fd < 0 {
                Err(fail(std::io::Error::last_os_error(), "open", &path))
            } else {
                Ok(Output::Number(fd as f64))
            }
        }
        Op::Close(fd) => {
            // SAFETY: closing a descriptor the script opened.
            if unsafe { libc::close(fd) } == 0 {
                Ok(Output::Undefined)
            } else {
                Err(FsError {
                    err: std::io::Error::last_os_error(),
                    syscall: "close",
                    path: None,
                    dest: None,
                })
            }
        }
        Op::Read { fd, len, position } => {
            let mut f = fd_file(fd, "read")?;
            let mut buf = vec![0u8; len];
            let r = match position {
                Some(p) => {
                    use std::os::unix::fs::FileExt;
                    f.read_at(&mut buf, p)
                }
                None => f.read(&mut buf),
            };
            let n = r.map_err(|e| FsError {
                err: e,
                syscall: "read",
                path: None,
                dest: None,
            })?;
            buf.truncate(n);
            Ok(Output::Bytes(buf))
        }
        Op::Write { fd, data, position } => {
            let mut f = fd_file(fd, "write")?;
            let r = match position {
                // pwrite: the fd's own position stays where it was.
                Some(p) => {
                    use std::os::unix::fs::FileExt;
                    f.write_at(&data, p)
                }
                None => f.write(&data),
            };
            r.map(|n| Output::Number(n as f64)).map_err(|e| FsError {
                err: e,
                syscall: "write",
                path: None,
                dest: None,
            })
        }
        Op::Fstat(fd) => fd_file(fd, "fstat")?
            .metadata()
            .map(|m| Output::Stat(Box::new(m)))
            .map_err(|e| FsError {
                err: e,
                syscall: "fstat",
                path: None,
                dest: None,
            }),
        // SAFETY (the libc calls below): NUL-terminated paths, fds the
        // script owns, buffers of the size the call expects.
        Op::Truncate(p, len) => {
            let f = fs::OpenOptions::new()
                .write(true)
                .open(&p)
                .map_err(|e| fail(e, "open", &p))?;
            f.set_len(len.max(0) as u64)
                .map(|_| Output::Undefined)
                .map_err(|e| no_path(e, "ftruncate"))
        }
        Op::Ftruncate(fd, len) => check(
            unsafe { libc::ftruncate(fd, len.max(0)) },
            "ftruncate",
            None,
            None,
        ),
        Op::Fsync(fd, data) => {
            if data {
                check(unsafe { libc::fdatasync(fd) }, "fdatasync", None, None)
            } else {
                check(unsafe { libc::fsync(fd) }, "fsync", None, None)
            }
        }
        Op::Link(a, b) => check(
            unsafe { libc::link(cstr(&a).as_ptr(), cstr(&b).as_ptr()) },
            "link",
            Some(&a),
            Some(&b),
        ),
        Op::Utimes {
            path,
            atime,
            mtime,
            follow,
        } => {
            let t = [timespec(atime), timespec(mtime)];
            let flag = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
            let r = unsafe { libc::utimensat(libc::AT_FDCWD, cstr(&path).as_ptr(), t.as_ptr(), flag) };
            check(r, if follow { "utime" } else { "lutime" }, Some(&path), None)
        }
        Op::Futimes(fd, atime, mtime) => {
            let t = [timespec(atime), timespec(mtime)];
            check(unsafe { libc::futimens(fd, t.as_ptr()) }, "futime", None, None)
        }
        Op::Chown {
            path,
            uid,
            gid,
            follow,
        } => {
            let c = cstr(&path);
            if follow {
                check(unsafe { libc::chown(c.as_ptr(), uid, gid) }, "chown", Some(&path), None)
            } else {
                check(unsafe { libc::lchown(c.as_ptr(), uid, gid) }, "lchown", Some(&path), None)
            }
        }
        Op::Fchown(fd, uid, gid) => check(unsafe { libc::fchown(fd, uid, gid) }, "fchown", None, None),
        Op::Fchmod(fd, mode) => check(unsafe { libc::fchmod(fd, mode) }, "fchmod", None, None),
        Op::Mkdtemp(prefix) => {
            let template = format!("{prefix}XXXXXX");
            let mut c = cstr(&template).into_bytes_with_nul();
            let r = unsafe { libc::mkdtemp(c.as_mut_ptr().cast()) };
            if r.is_null() {
                return Err(fail(std::io::Error::last_os_error(), "mkdtemp", &template));
            }
            c.pop();
            Ok(Output::Text(String::from_utf8_lossy(&c).into_owned()))
        }
        Op::Statfs(p) => {
            let mut st: libc::statfs = unsafe { std::mem::zeroed() };
            check(unsafe { libc::statfs(cstr(&p).as_ptr(), &mut st) }, "statfs", Some(&p), None)?;
            Ok(Output::Numbers(vec![
                st.f_type as f64,
                st.f_bsize as f64,
                st.f_blocks as f64,
                st.f_bfree as f64,
                st.f_bavail as f64,
                st.f_files as f64,
                st.f_ffree as f64,
            ]))
        }
    }
}

/// libuv's name and description of an errno (Node's words for every
/// error, where `errno_text` knows the common ones).
fn uv_error_text(errno: i32) -> (String, String) {
    let mut name = [0 as std::ffi::c_char; 64];
    let mut text = [0 as std::ffi::c_char; 128];
    // SAFETY: buffers of the given sizes; libuv NUL-terminates within them.
    unsafe {
        libuv_sys2::uv_err_name_r(-errno, name.as_mut_ptr(), name.len());
        libuv_sys2::uv_strerror_r(-errno, text.as_mut_ptr(), text.len());
        let s = |p: *const std::ffi::c_char| std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned();
        (s(name.as_ptr()), s(text.as_ptr()))
    }
}

/// A Node-shaped system error value (not thrown).
unsafe fn error_value(ctx: *mut JSContext, e: &FsError) -> JSValue {
    let errno = e.err.raw_os_error().unwrap_or(libc::EIO);
    let (code, text) = uv_error_text(errno);
    let (code, text) = (code.as_str(), text.as_str());
    let mut msg = format!("{code}: {text}, {}", e.syscall);
    if let Some(p) = &e.path {
        msg.push_str(&format!(" '{p}'"));
    }
    if let Some(d) = &e.dest {
        msg.push_str(&format!(" -> '{d}'"));
    }
    let err = crate::builtins::args::new_error(ctx, &msg);
    JS_SetPropertyStr(ctx, err, c"errno".as_ptr(), qjs::int(-errno));
    JS_SetPropertyStr(ctx, err, c"code".as_ptr(), qjs::string(ctx, code));
    JS_SetPropertyStr(ctx, err, c"syscall".as_ptr(), qjs::string(ctx, e.syscall));
    if let Some(p) = &e.path {
        JS_SetPropertyStr(ctx, err, c"path".as_ptr(), qjs::string(ctx, p));
    }
    if let Some(d) = &e.dest {
        JS_SetPropertyStr(ctx, err, c"dest".as_ptr(), qjs::string(ctx, d));
    }
    err
}

/// Stats as a plain array the JS side turns into `fs.Stats`.
unsafe fn stat_value(ctx: *mut JSContext, m: &std::fs::Metadata) -> JSValue {
    let ms = |s: i64, ns: i64| s as f64 * 1000.0 + ns as f64 / 1e6;
    let fields = [
        m.dev() as f64,
        m.mode() as f64,
        m.nlink() as f64,
        m.uid() as f64,
        m.gid() as f64,
        m.rdev() as f64,
        m.blksize() as f64,
        m.ino() as f64,
        m.size() as f64,
        m.blocks() as f64,
        ms(m.atime(), m.atime_nsec()),
        ms(m.mtime(), m.mtime_nsec()),
        ms(m.ctime(), m.ctime_nsec()),
        m.created()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(ms(m.ctime(), m.ctime_nsec()), |d| d.as_secs_f64() * 1000.0),
    ];
    let a = JS_NewArray(ctx);
    for (i, f) in fields.iter().enumerate() {
        JS_SetPropertyUint32(ctx, a, i as u32, JS_NewNumber(ctx, *f));
    }
    a
}

unsafe fn output_value(ctx: *mut JSContext, out: Output) -> JSValue {
    match out {
        Output::Undefined => JS_UNDEFINED,
        Output::Bytes(b) => array_buffer(ctx, &b),
        Output::Text(t) => qjs::string(ctx, &t),
        Output::Number(n) => JS_NewNumber(ctx, n),
        Output::Stat(m) => stat_value(ctx, &m),
        Output::MaybePath(p) => p.map_or(JS_UNDEFINED, |p| qjs::string(ctx, &p)),
        Output::Numbers(list) => {
            let a = JS_NewArray(ctx);
            for (i, n) in list.iter().enumerate() {
                JS_SetPropertyUint32(ctx, a, i as u32, JS_NewNumber(ctx, *n));
            }
            a
        }
        Output::Entries(list) => {
            let a = JS_NewArray(ctx);
            for (i, (name, t)) in list.iter().enumerate() {
                let pair = JS_NewArray(ctx);
                JS_SetPropertyUint32(ctx, pair, 0, qjs::string(ctx, name));
                JS_SetPropertyUint32(ctx, pair, 1, qjs::int(*t as i32));
                JS_SetPropertyUint32(ctx, a, i as u32, pair);
            }
            a
        }
    }
}

impl Op {
    /// The permission checks (`--permission`) the operation needs, in
    /// Node's order; operations on a descriptor were checked at `open`.
    fn access(&self) -> Vec<(Scope, &str)> {
        use Scope::{FsRead as R, FsWrite as W};
        match self {
            Op::ReadFile(p)
            | Op::Stat { path: p, .. }
            | Op::Readdir(p)
            | Op::Realpath(p)
            | Op::Readlink(p)
            | Op::Access(p, _)
            | Op::Statfs(p) => vec![(R, p)],
            Op::WriteFile { path: p, .. }
            | Op::Mkdir { path: p, .. }
            | Op::Rm { path: p, .. }
            | Op::Rmdir(p)
            | Op::Unlink(p)
            | Op::Chmod(p, _)
            | Op::Truncate(p, _)
            | Op::Utimes { path: p, .. }
            | Op::Chown { path: p, .. }
            | Op::Mkdtemp(p) => vec![(W, p)],
            Op::Link(a, b) => vec![(R, a), (W, b)],
            Op::Rename(a, b) => vec![(R, a), (W, a), (W, b)],
            Op::CopyFile(a, b) => vec![(R, a), (W, b)],
            // Checked as a whole in `denied`.
            Op::Symlink(..) => Vec::new(),
            Op::Open { path, flags, .. } => {
                let mode = flags & libc::O_ACCMODE;
                let read = mode == libc::O_RDONLY || mode == libc::O_RDWR;
                let write = mode != libc::O_RDONLY
                    || flags & (libc::O_CREAT | libc::O_TRUNC | libc::O_APPEND) != 0;
                let mut v = Vec::new();
                if read {
                    v.push((R, path.as_str()));
                }
                if write {
                    v.push((W, path.as_str()));
                }
                v
            }
            Op::Close(_)
            | Op::Read { .. }
            | Op::Write { .. }
            | Op::Fstat(_)
            | Op::Ftruncate(..)
            | Op::Fsync(..)
            | Op::Futimes(..)
            | Op::Fchown(..)
            | Op::Fchmod(..) => Vec::new(),
        }
    }

    /// The first permission `--permission` denies this operation.
    fn denied(&self) -> Option<Denial> {
        if let Op::Symlink(..) = self {
            return Denial::full_fs("fs.symlink");
        }
        self.access()
            .into_iter()
            .find(|(scope, path)| !permission::has(*scope, Some(path)))
            .map(|(scope, path)| Denial::Scope(scope, path.to_string()))
    }
}

/// Parses `binding.fs(op, ...args)`'s arguments into an [`Op`].
unsafe fn parse(ctx: *mut JSContext, args: &[JSValue]) -> Option<Op> {
    let s = |i: usize| {
        qjs::to_rust_string(ctx, *args.get(i).unwrap_or(&JS_UNDEFINED)).unwrap_or_default()
    };
    let n = |i: usize| {
        let v = *args.get(i).unwrap_or(&JS_UNDEFINED);
        if qjs::is_number(v) {
            Some(qjs::number_value(v))
        } else {
            None
        }
    };
    let b = |i: usize| JS_ToBool(ctx, *args.get(i).unwrap_or(&JS_UNDEFINED)) > 0;
    let op = s(0);
    Some(match op.as_str() {
        "readFile" => Op::ReadFile(s(1)),
        "writeFile" => Op::WriteFile {
            path: s(1),
            data: bytes_arg(ctx, *args.get(2)?),
            append: b(3),
            mode: n(4).unwrap_or(0o666 as f64) as u32,
        },
        "stat" => Op::Stat {
            path: s(1),
            follow: true,
        },
        "lstat" => Op::Stat {
            path: s(1),
            follow: false,
        },
        "readdir" => Op::Readdir(s(1)),
        "mkdir" => Op::Mkdir {
            path: s(1),
            recursive: b(2),
            mode: n(3).unwrap_or(0o777 as f64) as u32,
        },
        "rm" => Op::Rm {
            path: s(1),
            recursive: b(2),
            force: b(3),
        },
        "rmdir" => Op::Rmdir(s(1)),
        "unlink" => Op::Unlink(s(1)),
        "rename" => Op::Rename(s(1), s(2)),
        "copyFile" => Op::CopyFile(s(1), s(2)),
        "realpath" => Op::Realpath(s(1)),
        "readlink" => Op::Readlink(s(1)),
        "symlink" => Op::Symlink(s(1), s(2)),
        "access" => Op::Access(s(1), n(2).unwrap_or(0.0) as u32),
        "chmod" => Op::Chmod(s(1), n(2).unwrap_or(0o644 as f64) as u32),
        "open" => Op::Open {
            path: s(1),
            flags: n(2).unwrap_or(0.0) as i32,
            mode: n(3).unwrap_or(0o666 as f64) as u32,
        },
        "close" => Op::Close(n(1)? as i32),
        "read" => Op::Read {
            fd: n(1)? as i32,
            len: n(2)? as usize,
            position: n(3).filter(|p| *p >= 0.0).map(|p| p as u64),
        },
        "write" => Op::Write {
            fd: n(1)? as i32,
            data: bytes_arg(ctx, *args.get(2)?),
            position: n(3).filter(|p| *p >= 0.0).map(|p| p as u64),
        },
        "fstat" => Op::Fstat(n(1)? as i32),
        "truncate" => Op::Truncate(s(1), n(2).unwrap_or(0.0) as i64),
        "ftruncate" => Op::Ftruncate(n(1)? as i32, n(2).unwrap_or(0.0) as i64),
        "fsync" => Op::Fsync(n(1)? as i32, false),
        "fdatasync" => Op::Fsync(n(1)? as i32, true),
        "link" => Op::Link(s(1), s(2)),
        "utimes" | "lutimes" => Op::Utimes {
            path: s(1),
            atime: n(2)?,
            mtime: n(3)?,
            follow: op == "utimes",
        },
        "futimes" => Op::Futimes(n(1)? as i32, n(2)?, n(3)?),
        "chown" | "lchown" => Op::Chown {
            path: s(1),
            uid: n(2)? as i64 as u32,
            gid: n(3)? as i64 as u32,
            follow: op == "chown",
        },
        "fchown" => Op::Fchown(n(1)? as i32, n(2)? as i64 as u32, n(3)? as i64 as u32),
        "fchmod" => Op::Fchmod(n(1)? as i32, n(2)? as u32),
        "mkdtemp" => Op::Mkdtemp(s(1)),
        "statfs" => Op::Statfs(s(1)),
        _ => return None,
    })
}

/// `binding.fs(op, ...args)`: runs synchronously; throws Node's errors.
unsafe extern "C" fn fs_sync(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let args = args(argc, argv);
    let Some(op) = parse(ctx, args) else {
        return throw_error(
            ctx,
            "ERR_INVALID_ARG_VALUE",
            "fs: unknown operation or bad arguments",
            None,
        );
    };
    if let Some(denied) = op.denied() {
        return JS_Throw(ctx, denied.error(ctx));
    }
    match run(op) {
        Ok(out) => output_value(ctx, out),
        Err(e) => JS_Throw(ctx, error_value(ctx, &e)),
    }
}

/// A pool job's result as `callback(err, result)`'s arguments.
unsafe fn settle(ctx: *mut JSContext, r: OpResult) -> (JSValue, JSValue) {
    match r {
        Ok(out) => (JS_NULL, output_value(ctx, out)),
        Err(e) => (error_value(ctx, &e), JS_UNDEFINED),
    }
}

/// `binding.fsAsync(callback, op, ...args)`: runs on libuv's thread pool and
/// calls `callback(err, result)` on the JS thread.
unsafe extern "C" fn fs_async(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let args = args(argc, argv);
    let Some(&callback) = args.first() else {
        return JS_UNDEFINED;
    };
    let Some(op) = parse(ctx, &args[1..]) else {
        return throw_error(
            ctx,
            "ERR_INVALID_ARG_VALUE",
            "fs: unknown operation or bad arguments",
            None,
        );
    };
    // A denied operation fails through the callback, as in Node.
    if let Some(denied) = op.denied() {
        pool::queue(callback, move || denied, settle_denied);
        return JS_UNDEFINED;
    }
    pool::queue(callback, move || run(op), settle);
    JS_UNDEFINED
}

unsafe fn settle_denied(ctx: *mut JSContext, denied: Denial) -> (JSValue, JSValue) {
    (denied.error(ctx), JS_UNDEFINED)
}

// ---- fs.watch ----------------------------------------------------------------

unsafe extern "C" fn on_fs_event(
    h: *mut uv_fs_event_t,
    filename: *const std::ffi::c_char,
    events: c_int,
    status: c_int,
) {
    let id = handles::handle_of(h.cast()).id;
    let name = if filename.is_null() {
        JS_NULL
    } else {
        qjs::string_c(runtime().ctx, filename)
    };
    let what = if status < 0 { status } else { events };
    handles::emit(id, handles::EV_FS_EVENT, name, qjs::int(what));
}

/// Starts a libuv watcher of `kind` on the path in `a[0]`: `start(handle,
/// path)` inits and starts libuv's handle. → its handle id (> 0; events come
/// through ioEvent, `binding.stream.close`/`ref` apply), or an errno (< 0).
/// Throws ERR_ACCESS_DENIED when `--permission` refuses reading the path.
unsafe fn start_watcher(
    ctx: *mut JSContext,
    a: &[JSValue],
    kind: handles::Kind,
    start: impl FnOnce(*mut handles::Handle, &std::ffi::CStr) -> c_int,
) -> JSValue {
    let path = qjs::to_rust_string(ctx, *a.first().unwrap_or(&JS_UNDEFINED)).unwrap_or_default();
    if !permission::has(Scope::FsRead, Some(&path)) {
        return permission::throw_denied(ctx, Scope::FsRead, &path);
    }
    let Ok(cpath) = std::ffi::CString::new(path) else {
        return qjs::int(uv_errno_t_UV_EINVAL);
    };
    let h = handles::new_handle(kind);
    let r = start(h, &cpath);
    if r != 0 {
        handles::close_handle(h, Some(handles::on_close_quietly));
        return qjs::int(r);
    }
    qjs::int((*h).id as i32)
}

/// `binding.fsWatch(path)`: a libuv file system watcher (inotify);
/// `EV_FS_EVENT` events (see [`start_watcher`]).
unsafe extern "C" fn fs_watch(
    ctx: *mut JSContext,
    _this: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    start_watcher(ctx, args(argc, argv), handles::Kind::FsEvent, |h, path| {
        let raw: *mut uv_fs_event_t = std::ptr::addr_of_mut!((*h).raw.fs_event).cast();
        let r = uv_fs_event_init(runtime().uv.raw_loop(), raw);
        (*(*h).as_handle()).data = h.cast();
        if r != 0 {
            return r;
        }
        uv_fs_event_start(raw, Some(on_fs_event), path.as_ptr(), 0)
    })
}

// ---- fs.watchFile ----------------------------------------------------------

/// A libuv stat as the 14 fields of `stat_value` (zero when missing).
fn uv_stat_fields(s: &uv_stat_t) -> [f64; 14] {
    let ms = |t: &uv_timespec_t| t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1e6;
    [
        s.st_dev as f64,
        s.st_mode as f64,
        s.st_nlink as f64,
        s.st_uid as f64,
        s.st_gid as f64,
        s.st_rdev as f64,
        s.st_blksize as f64,
        s.st_ino as f64,
        s.st_size as f64,
        s.st_blocks as f64,
        ms(&s.st_atim),
        ms(&s.st_mtim),
        ms(&s.st_ctim),
        ms(&s.st_birthtim),
    ]
}

unsafe extern "C" fn on_fs_poll(
    h: *mut uv_fs_poll_t,
    status: c_int,
    prev: *const uv_stat_t,
    curr: *const uv_stat_t,
) {
    let id = handles::handle_of(h.cast()).id;
    let ctx = runtime().ctx;
    let a = JS_NewArray(ctx);
    let fields = uv_stat_fields(&*curr).into_iter().chain(uv_stat_fields(&*prev));
    for (i, f) in fields.enumerate() {
        JS_SetPropertyUint32(ctx, a, i as u32, JS_NewNumber(ctx, f));
    }
    handles::emit(id, handles::EV_FS_POLL, a, qjs::int(status));
}

/// `binding.fsWatchFile(path, intervalMs)`: a libuv stat poller;
/// `EV_FS_POLL` events when the stat changes or starts or stops failing
/// (see [`start_watcher`]).
unsafe extern "C" fn fs_watch_file(
    ctx: *mut JSContext,
    _this: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let a = args(argc, argv);
    let interval = a
        .get(1)
        .filter(|v| qjs::is_number(**v))
        .map_or(5007.0, |v| qjs::number_value(*v));
    start_watcher(ctx, a, handles::Kind::FsPoll, |h, path| {
        let raw: *mut uv_fs_poll_t = std::ptr::addr_of_mut!((*h).raw.fs_poll).cast();
        let r = uv_fs_poll_init(runtime().uv.raw_loop(), raw);
        (*(*h).as_handle()).data = h.cast();
        if r != 0 {
            return r;
        }
        let ms = interval.clamp(1.0, u32::MAX as f64) as u32;
        uv_fs_poll_start(raw, Some(on_fs_poll), path.as_ptr(), ms)
    })
}

/// Adds `binding.fs`, `binding.fsAsync`, `binding.fsWatch` and
/// `binding.fsWatchFile`.
pub(crate) unsafe fn install(ctx: *mut JSContext, b: JSValue, _: &Options) {
    set_fn(ctx, b, c"fs", fs_sync, 1);
    set_fn(ctx, b, c"fsAsync", fs_async, 2);
    set_fn(ctx, b, c"fsWatch", fs_watch, 1);
    set_fn(ctx, b, c"fsWatchFile", fs_watch_file, 2);
}

//! The tool cache (`$NABI_CACHE_DIR`, else `~/.cache/nabi`): zig, JS hosts,
//! link probes and linker wrappers, shared by every `nabi-prebuild` process
//! on the machine. Several of them may fill the same entry at once (a test
//! suite running in parallel, two CI jobs), so every write here follows one
//! rule: build under a name no other process uses, then `rename` it into
//! place, which is atomic. An entry that is expensive to make (a download, a
//! compile) is also made under a lock of its own, so it is made once and the
//! other processes wait for it instead of repeating the work.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use anyhow::{Context, Result};

/// The tool cache: `$NABI_CACHE_DIR`, else `$XDG_CACHE_HOME/nabi`, else
/// `~/.cache/nabi`.
pub fn dir() -> PathBuf {
    if let Some(d) = std::env::var_os("NABI_CACHE_DIR") {
        return PathBuf::from(d);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            // USERPROFILE: a Windows CI runner outside bash has no HOME.
            std::env::var_os("HOME")
                .or_else(|| std::env::var_os("USERPROFILE"))
                .map(PathBuf::from)
                .unwrap_or_else(std::env::temp_dir)
                .join(".cache")
        });
    base.join("nabi")
}

/// A sibling of `path` that no other process or thread uses:
/// `<name>.tmp-<pid>-<n>`.
pub fn temp_name(path: &Path) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}-{n}", std::process::id()));
    path.with_file_name(name)
}

/// Holds an exclusive lock on `<entry>.lock` until dropped (the OS releases
/// it too if the process dies, so a crash never leaves the entry stuck).
pub struct EntryLock(#[allow(dead_code)] File);

pub fn lock(entry: &Path) -> Result<EntryLock> {
    let parent = entry.parent().context("a cache entry has a parent")?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("creating the tool cache {}", parent.display()))?;
    let mut name = entry.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let path = entry.with_file_name(name);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening the lock file {}", path.display()))?;
    file.lock()
        .with_context(|| format!("locking {}", path.display()))?;
    Ok(EntryLock(file))
}

/// Makes the cache entry `entry` (a file or a directory) unless `ready`
/// says it is there: under the entry's lock, `make` writes it at a temporary
/// path, which is then renamed to `entry`. An old entry that is not ready
/// (a stale probe, say) is moved aside first and removed afterwards.
pub fn ensure(
    entry: &Path,
    ready: impl Fn(&Path) -> bool,
    make: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    if ready(entry) {
        return Ok(());
    }
    let _lock = lock(entry)?;
    // Another process may have made it while we waited for the lock.
    if ready(entry) {
        return Ok(());
    }
    let tmp = temp_name(entry);
    let result = make(&tmp);
    if let Err(e) = result {
        remove(&tmp);
        return Err(e);
    }
    let old = temp_name(entry);
    let had_old = std::fs::rename(entry, &old).is_ok();
    std::fs::rename(&tmp, entry)
        .with_context(|| format!("moving {} into place as {}", tmp.display(), entry.display()))?;
    if had_old {
        remove(&old);
    }
    Ok(())
}

/// Writes `contents` to `path` (mode `mode`) unless it already holds them,
/// through a temporary file and a rename, so a reader never sees half a file.
pub fn write_file(path: &Path, contents: &[u8], mode: u32) -> Result<()> {
    if std::fs::read(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let tmp = temp_name(path);
    std::fs::write(&tmp, contents).with_context(|| format!("writing {}", tmp.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    std::fs::rename(&tmp, path).with_context(|| format!("moving into place {}", path.display()))
}

fn remove(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_threads_make_an_entry_once() {
        let root = std::env::temp_dir().join(format!("nabi-cache-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let entry = root.join("entry");
        let made = std::sync::atomic::AtomicU32::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    ensure(
                        &entry,
                        |p| p.join("done").exists(),
                        |tmp| {
                            made.fetch_add(1, Ordering::SeqCst);
                            std::fs::create_dir_all(tmp)?;
                            std::thread::sleep(std::time::Duration::from_millis(50));
                            std::fs::write(tmp.join("done"), "yes")?;
                            Ok(())
                        },
                    )
                    .unwrap();
                    assert_eq!(std::fs::read_to_string(entry.join("done")).unwrap(), "yes");
                });
            }
        });
        assert_eq!(made.load(Ordering::SeqCst), 1);
        let names: Vec<String> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
        let _ = std::fs::remove_dir_all(&root);
    }
}

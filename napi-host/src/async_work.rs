//! Async work on libuv's thread pool (`UV_THREADPOOL_SIZE` is libuv's own
//! knob): `execute` runs on a pool thread, `complete` back on the JS thread
//! inside a handle scope, followed by the embedder's after-callback step
//! (nextTicks, microtasks) as Node does after every macrotask.

use std::ffi::c_void;
use std::mem::MaybeUninit;

use libuv_sys2::*;

use crate::env::*;
use crate::qjs::free;
use crate::types::*;
use rquickjs_sys::JS_UNDEFINED;

pub type napi_async_execute_callback =
    Option<unsafe extern "C" fn(env: napi_env, data: *mut c_void)>;
pub type napi_async_complete_callback =
    Option<unsafe extern "C" fn(env: napi_env, status: napi_status, data: *mut c_void)>;
pub type napi_async_work = *mut c_void;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    Queued,
    Done,
}

#[repr(C)]
struct AsyncWork {
    /// First field, so the request pointer is the work pointer.
    req: MaybeUninit<uv_work_t>,
    env: *mut Env,
    execute: napi_async_execute_callback,
    complete: napi_async_complete_callback,
    data: *mut c_void,
    state: State,
    /// async_hooks' view of the work: entered around `complete`.
    token: AsyncToken,
}

unsafe extern "C" fn run_execute(req: *mut uv_work_t) {
    let work = &*(req as *const AsyncWork);
    if let Some(execute) = work.execute {
        execute(work.env, work.data);
    }
}

unsafe extern "C" fn run_complete(req: *mut uv_work_t, status: i32) {
    let work = &mut *(req as *mut AsyncWork);
    work.state = State::Done;
    if (*work.env).strict && (*work.env).torn_down {
        // The env (a tombstone) and its engine are gone: `complete` cannot
        // run. The work's memory stays (the addon would free it there).
        let addon = (*work.env).filename.to_string_lossy().into_owned();
        crate::strict::report_detached(
            crate::strict::ASYNC_WORK_AFTER_TEARDOWN,
            "napi_queue_async_work",
            &addon,
            "async work finished after its env's teardown (the worker or process that queued it \
             ended first): its complete callback cannot run. Cancel or wait for queued work in \
             an env cleanup hook (napi_add_env_cleanup_hook)",
        );
        return;
    }
    let env = &mut *work.env;
    let status = if status == uv_errno_t_UV_ECANCELED {
        napi_cancelled
    } else {
        napi_ok
    };
    if let Some(complete) = work.complete {
        let (data, env_ptr) = (work.data, work.env);
        // `complete` may delete the work: read nothing from it afterwards
        // but the token, kept alive across the call.
        let token = AsyncToken(crate::qjs::dup(work.token.0));
        let host = env.host() as *const Host;
        (*host).async_enter(&token, JS_UNDEFINED);
        env.call_into_js(true, |_| complete(env_ptr, status, data));
        (*host).async_leave(&token, false);
        free(env.ctx, token.0);
    }
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_async_work(
    env: napi_env,
    async_resource: napi_value,
    async_resource_name: napi_value,
    execute: napi_async_execute_callback,
    complete: napi_async_complete_callback,
    data: *mut c_void,
    result: *mut napi_async_work,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        let name = value(async_resource_name)?;
        execute.ok_or(napi_invalid_arg)?;
        let resource = if async_resource.is_null() {
            JS_UNDEFINED
        } else {
            value(async_resource)?
        };
        let token = env.host().async_init(resource, name);
        let work = Box::new(AsyncWork {
            req: MaybeUninit::zeroed(),
            env: env as *mut Env,
            execute,
            complete,
            data,
            state: State::Idle,
            token,
        });
        write(result, Box::into_raw(work).cast())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_delete_async_work(
    env: napi_env,
    work: napi_async_work,
) -> napi_status {
    api_basic(env, |env| {
        check_arg(work)?;
        if env.strict && (*(work as *mut AsyncWork)).state == State::Queued {
            // Freeing it now would crash when the pool or the loop reaches
            // it: strict mode keeps it.
            crate::strict::flag(
                crate::strict::ASYNC_WORK_DELETED_WHILE_QUEUED,
                "napi_delete_async_work on work that is queued or running: delete it in its \
                 complete callback, or after napi_cancel_async_work's complete(napi_cancelled)",
            );
            return Ok(());
        }
        let work = Box::from_raw(work as *mut AsyncWork);
        env.host().async_destroy(&work.token);
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_queue_async_work(
    env: napi_env,
    work: napi_async_work,
) -> napi_status {
    api_basic(env, |env| {
        check_arg(work)?;
        let w = &mut *(work as *mut AsyncWork);
        let lp = env.host().uv_loop as *mut uv_loop_t;
        if env.strict && w.state == State::Queued {
            // Queuing the request again would corrupt libuv's queue.
            crate::strict::flag(
                crate::strict::ASYNC_WORK_QUEUED_TWICE,
                "napi_queue_async_work on work already queued or running: queue it again only \
                 after its complete callback ran",
            );
            return Ok(());
        }
        w.state = State::Queued;
        if uv_queue_work(
            lp,
            w.req.as_mut_ptr(),
            Some(run_execute),
            Some(run_complete),
        ) != 0
        {
            w.state = State::Idle;
            return Err(napi_generic_failure);
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_cancel_async_work(
    env: napi_env,
    work: napi_async_work,
) -> napi_status {
    api_basic(env, |_| {
        check_arg(work)?;
        let w = &mut *(work as *mut AsyncWork);
        if w.state != State::Queued {
            return Err(napi_generic_failure);
        }
        // Succeeds only while the work is still waiting for a pool thread;
        // `complete` then runs with napi_cancelled.
        if uv_cancel(w.req.as_mut_ptr().cast()) != 0 {
            return Err(napi_generic_failure);
        }
        Ok(())
    })
}

// The libuv request must be the first field: libuv hands back its address.
const _: () = assert!(std::mem::offset_of!(AsyncWork, req) == 0);

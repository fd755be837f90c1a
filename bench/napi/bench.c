// Per-operation costs of a Node-API implementation, timed inside the addon
// so that only the Node-API calls are measured. Each function runs `n`
// iterations and returns nanoseconds per operation.
#include <node_api.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

// Wall-clock time, or with BENCH_CLOCK=cpu the process's CPU time (all its
// threads: a host's collector threads count), which a machine busy with
// other work inflates far less.
static double now_ns(void) {
  static int which = -1;
  if (which < 0) {
    const char* c = getenv("BENCH_CLOCK");
    which = c && c[0] == 'c' ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC;
  }
  struct timespec t;
  clock_gettime(which, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static uint32_t arg_u32(napi_env env, napi_callback_info info, size_t i, napi_value* argv, size_t argc) {
  uint32_t v = 0;
  if (i < argc) napi_get_value_uint32(env, argv[i], &v);
  return v;
}

static napi_value result(napi_env env, double ns_per_op) {
  napi_value r;
  napi_create_double(env, ns_per_op, &r);
  return r;
}

// Object create + set + get, one handle scope per iteration.
static napi_value ObjectOps(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint32_t n = arg_u32(env, info, 0, argv, argc);
  double start = now_ns();
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    napi_value obj, v, back;
    napi_create_object(env, &obj);
    napi_create_int32(env, (int32_t)i, &v);
    napi_set_named_property(env, obj, "value", v);
    napi_get_named_property(env, obj, "value", &back);
    napi_close_handle_scope(env, scope);
  }
  return result(env, (now_ns() - start) / n);
}

// UTF-8 string create + read back (16 ASCII characters).
static napi_value StringOps(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint32_t n = arg_u32(env, info, 0, argv, argc);
  char buf[32];
  size_t len;
  double start = now_ns();
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    napi_value s;
    napi_create_string_utf8(env, "sixteen chars ok", 16, &s);
    napi_get_value_string_utf8(env, s, buf, sizeof buf, &len);
    napi_close_handle_scope(env, scope);
  }
  return result(env, (now_ns() - start) / n);
}

// Array of 100 elements filled with set_element; ns per element.
static napi_value ArrayFill(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint32_t n = arg_u32(env, info, 0, argv, argc);
  double start = now_ns();
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    napi_value arr;
    napi_create_array_with_length(env, 100, &arr);
    for (uint32_t j = 0; j < 100; j++) {
      napi_value v;
      napi_create_uint32(env, j, &v);
      napi_set_element(env, arr, j, v);
    }
    napi_close_handle_scope(env, scope);
  }
  return result(env, (now_ns() - start) / ((double)n * 100));
}

// C → JS call of the function given.
static napi_value CallJs(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], global;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint32_t n = arg_u32(env, info, 1, argv, argc);
  napi_get_global(env, &global);
  double start = now_ns();
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    napi_value r;
    napi_call_function(env, global, argv[0], 0, NULL, &r);
    napi_close_handle_scope(env, scope);
  }
  return result(env, (now_ns() - start) / n);
}

// Number add: two get_value_double and one create_double.
static napi_value NumberAdd(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], a, b;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint32_t n = arg_u32(env, info, 0, argv, argc);
  napi_create_double(env, 1.5, &a);
  napi_create_double(env, 2.25, &b);
  double start = now_ns();
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    double x, y;
    napi_value r;
    napi_get_value_double(env, a, &x);
    napi_get_value_double(env, b, &y);
    napi_create_double(env, x + y, &r);
    napi_close_handle_scope(env, scope);
  }
  return result(env, (now_ns() - start) / n);
}

// JS → native: does nothing (timed from JS).
static napi_value Noop(napi_env env, napi_callback_info info) {
  return NULL;
}

// ---- async work round trip ----

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
} Trip;

static void TripExecute(napi_env env, void* data) {}

static void TripComplete(napi_env env, napi_status status, void* data) {
  Trip* t = data;
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  napi_resolve_deferred(env, t->deferred, undefined);
  napi_delete_async_work(env, t->work);
  free(t);
}

// asyncNoop() → a promise settled when an empty work item completes.
static napi_value AsyncNoop(napi_env env, napi_callback_info info) {
  Trip* t = malloc(sizeof *t);
  napi_value promise, name;
  napi_create_promise(env, &t->deferred, &promise);
  napi_create_string_utf8(env, "trip", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, TripExecute, TripComplete, t, &t->work);
  napi_queue_async_work(env, t->work);
  return promise;
}

// ---- threadsafe function throughput ----

typedef struct {
  napi_threadsafe_function tsfn;
  uint32_t count;
  pthread_t thread;
} Flood;

static void* FloodThread(void* p) {
  Flood* f = p;
  for (uint32_t i = 0; i < f->count; i++) napi_call_threadsafe_function(f->tsfn, NULL, napi_tsfn_blocking);
  napi_release_threadsafe_function(f->tsfn, napi_tsfn_release);
  return NULL;
}

static void FloodFinalize(napi_env env, void* data, void* hint) {
  Flood* f = data;
  pthread_join(f->thread, NULL);
  free(f);
}

// tsfnFlood(cb, count): one native thread calls cb `count` times (no args).
static napi_value TsfnFlood(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], name;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  Flood* f = calloc(1, sizeof *f);
  f->count = arg_u32(env, info, 1, argv, argc);
  napi_create_string_utf8(env, "flood", NAPI_AUTO_LENGTH, &name);
  napi_create_threadsafe_function(env, argv[0], NULL, name, 0, 1, f, FloodFinalize, NULL, NULL, &f->tsfn);
  pthread_create(&f->thread, NULL, FloodThread, f);
  return NULL;
}

// Array of 16 made with create_array_with_length then set_element; ns per
// element (the shape addons use to return small tuples).
static napi_value ArrayFill16(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint32_t n = arg_u32(env, info, 0, argv, argc);
  double start = now_ns();
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    napi_value arr;
    napi_create_array_with_length(env, 16, &arr);
    for (uint32_t j = 0; j < 16; j++) {
      napi_value v;
      napi_create_uint32(env, j, &v);
      napi_set_element(env, arr, j, v);
    }
    napi_close_handle_scope(env, scope);
  }
  return result(env, (now_ns() - start) / ((double)n * 16));
}

// references(n): n objects each get a strong reference, then every
// reference is weakened (unref to 0), then deleted. Returns the seconds of
// each phase, [create, weaken, delete] (objects made in scopes of 1000 are
// part of create).
static napi_value References(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint32_t n = arg_u32(env, info, 0, argv, argc);
  napi_ref* refs = malloc(sizeof *refs * n);
  double t[4];
  t[0] = now_ns();
  for (uint32_t i = 0; i < n; i += 1000) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    for (uint32_t j = i; j < n && j < i + 1000; j++) {
      napi_value obj;
      napi_create_object(env, &obj);
      napi_create_reference(env, obj, 1, &refs[j]);
    }
    napi_close_handle_scope(env, scope);
  }
  t[1] = now_ns();
  uint32_t count;
  for (uint32_t i = 0; i < n; i++) napi_reference_unref(env, refs[i], &count);
  t[2] = now_ns();
  for (uint32_t i = 0; i < n; i++) napi_delete_reference(env, refs[i]);
  t[3] = now_ns();
  free(refs);
  napi_value out, v;
  napi_create_array_with_length(env, 3, &out);
  for (uint32_t i = 0; i < 3; i++) {
    napi_create_double(env, (t[i + 1] - t[i]) / 1e9, &v);
    napi_set_element(env, out, i, v);
  }
  return out;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor d[] = {
      {"objectOps", NULL, ObjectOps, NULL, NULL, NULL, napi_default, NULL},
      {"stringOps", NULL, StringOps, NULL, NULL, NULL, napi_default, NULL},
      {"arrayFill", NULL, ArrayFill, NULL, NULL, NULL, napi_default, NULL},
      {"callJs", NULL, CallJs, NULL, NULL, NULL, napi_default, NULL},
      {"numberAdd", NULL, NumberAdd, NULL, NULL, NULL, napi_default, NULL},
      {"noop", NULL, Noop, NULL, NULL, NULL, napi_default, NULL},
      {"asyncNoop", NULL, AsyncNoop, NULL, NULL, NULL, napi_default, NULL},
      {"tsfnFlood", NULL, TsfnFlood, NULL, NULL, NULL, napi_default, NULL},
      {"arrayFill16", NULL, ArrayFill16, NULL, NULL, NULL, napi_default, NULL},
      {"references", NULL, References, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof d / sizeof d[0], d);
  return exports;
}

/* Benchmark addon: the call-overhead cases written against plain C Node-API. */
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

static napi_value noop(napi_env env, napi_callback_info info) {
  (void)env; (void)info;
  return NULL;
}

static napi_value add(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  double a, b;
  napi_value r;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (napi_get_value_double(env, argv[0], &a) != napi_ok ||
      napi_get_value_double(env, argv[1], &b) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected numbers");
    return NULL;
  }
  napi_create_double(env, a + b, &r);
  return r;
}

static napi_value slice_len(napi_env env, napi_callback_info info) {
  size_t argc = 1, len = 0;
  napi_value argv[1], r;
  napi_typedarray_type type;
  void* data;
  napi_value ab;
  size_t off;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (napi_get_typedarray_info(env, argv[0], &type, &len, &data, &ab, &off) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected a typed array");
    return NULL;
  }
  napi_create_uint32(env, (uint32_t)len, &r);
  return r;
}

static napi_value greet(napi_env env, napi_callback_info info) {
  size_t argc = 1, len = 0;
  napi_value argv[1], r;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (napi_get_value_string_utf8(env, argv[0], NULL, 0, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected a string");
    return NULL;
  }
  char stackbuf[256];
  char* buf = len + 2 <= sizeof stackbuf ? stackbuf : malloc(len + 2);
  napi_get_value_string_utf8(env, argv[0], buf, len + 1, &len);
  buf[len] = '!';
  napi_create_string_utf8(env, buf, len + 1, &r);
  if (buf != stackbuf) free(buf);
  return r;
}

static napi_value scale(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], v, r;
  static const char* keys[3] = {"x", "y", "z"};
  double d;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_create_object(env, &r);
  for (int i = 0; i < 3; i++) {
    if (napi_get_named_property(env, argv[0], keys[i], &v) != napi_ok ||
        napi_get_value_double(env, v, &d) != napi_ok) {
      napi_throw_type_error(env, NULL, "expected {x, y, z} numbers");
      return NULL;
    }
    napi_create_double(env, d * 2, &v);
    napi_set_named_property(env, r, keys[i], v);
  }
  return r;
}

typedef struct { double n; } Counter;

static void counter_finalize(napi_env env, void* data, void* hint) {
  (void)env; (void)hint;
  free(data);
}

static napi_value counter_ctor(napi_env env, napi_callback_info info) {
  napi_value self;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  Counter* c = calloc(1, sizeof *c);
  napi_wrap(env, self, c, counter_finalize, NULL, NULL);
  return self;
}

static napi_value counter_incr(napi_env env, napi_callback_info info) {
  napi_value self, r;
  Counter* c;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  if (napi_unwrap(env, self, (void**)&c) != napi_ok) {
    napi_throw_type_error(env, NULL, "not a Counter");
    return NULL;
  }
  c->n += 1;
  napi_create_double(env, c->n, &r);
  return r;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    {"noop", NULL, noop, NULL, NULL, NULL, napi_default, NULL},
    {"add", NULL, add, NULL, NULL, NULL, napi_default, NULL},
    {"sliceLen", NULL, slice_len, NULL, NULL, NULL, napi_default, NULL},
    {"greet", NULL, greet, NULL, NULL, NULL, napi_default, NULL},
    {"scale", NULL, scale, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  napi_property_descriptor methods[] = {
    {"incr", NULL, counter_incr, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_value cls;
  napi_define_class(env, "Counter", NAPI_AUTO_LENGTH, counter_ctor, NULL, 1, methods, &cls);
  napi_set_named_property(env, exports, "Counter", cls);
  return exports;
}

// A small Node-API addon in C: greet(name) returns a greeting, and
// Counter is a class whose instances count calls to increment().
// It uses only Node-API, so the same .node file loads in Node and in nabi.
#include <node_api.h>
#include <stdio.h>

#define CHECK(call)                                                        \
  do {                                                                     \
    if ((call) != napi_ok) {                                               \
      napi_throw_error(env, NULL, "Node-API call failed: " #call);        \
      return NULL;                                                         \
    }                                                                      \
  } while (0)

static napi_value Greet(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char name[64];
  size_t len;
  if (napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "name must be a string");
    return NULL;
  }
  char text[96];
  snprintf(text, sizeof text, "Hello, %s!", name);
  napi_value result;
  CHECK(napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &result));
  return result;
}

static napi_value CounterNew(napi_env env, napi_callback_info info) {
  napi_value self, zero;
  CHECK(napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  CHECK(napi_create_int32(env, 0, &zero));
  CHECK(napi_set_named_property(env, self, "count", zero));
  return self;
}

static napi_value CounterIncrement(napi_env env, napi_callback_info info) {
  napi_value self, count;
  int32_t n;
  CHECK(napi_get_cb_info(env, info, NULL, NULL, &self, NULL));
  CHECK(napi_get_named_property(env, self, "count", &count));
  CHECK(napi_get_value_int32(env, count, &n));
  CHECK(napi_create_int32(env, n + 1, &count));
  CHECK(napi_set_named_property(env, self, "count", count));
  return count;
}

NAPI_MODULE_INIT() {
  napi_value greet, counter;
  napi_property_descriptor methods[] = {
      {"increment", NULL, CounterIncrement, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK(napi_create_function(env, "greet", NAPI_AUTO_LENGTH, Greet, NULL, &greet));
  CHECK(napi_set_named_property(env, exports, "greet", greet));
  CHECK(napi_define_class(env, "Counter", NAPI_AUTO_LENGTH, CounterNew, NULL, 1, methods, &counter));
  CHECK(napi_set_named_property(env, exports, "Counter", counter));
  return exports;
}

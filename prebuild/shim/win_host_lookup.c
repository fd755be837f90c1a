/* nabi-prebuild's Windows host-lookup shim, linked into every Windows build.
 *
 * An addon linked against node.lib would import its Node-API functions from
 * a module named NODE.EXE, and fail to load in Electron or any renamed or
 * embedding host. Node's answer is a delay-load hook, which zig's linker
 * cannot do. Instead this file defines every Node-API function itself: each
 * is a two-instruction jump through a pointer (named like an import slot,
 * `__imp_<name>`, so dllimport calls use it directly too), and the pointers
 * are filled from the process that loads the DLL (GetModuleHandle(NULL) +
 * GetProcAddress) before anything else in the DLL runs.
 *
 * nabi-prebuild generates `node_api_symbols.h` (NODE_API_SYMBOL(name) per
 * function of node-api-headers' .def files, but napi_module_register, which
 * win_host_register.c defines) next to this file. */
#include <windows.h>

/* A function the host does not export answers napi_generic_failure instead
 * of crashing (callers clean up the arguments on x64 and arm64). */
static int nabi_missing(void) { return 9; }

#define NODE_API_SYMBOL(name) void *__imp_##name = (void *)nabi_missing;
#include "node_api_symbols.h"
#undef NODE_API_SYMBOL

#if defined(__x86_64__)
#define NODE_API_SYMBOL(name)                                                  \
  __asm__(".text\n.globl " #name "\n.p2align 4\n" #name                        \
          ":\n\tjmpq *__imp_" #name "(%rip)\n");
#elif defined(__aarch64__)
#define NODE_API_SYMBOL(name)                                                  \
  __asm__(".text\n.globl " #name "\n.p2align 2\n" #name                        \
          ":\n\tadrp x16, __imp_" #name "\n\tldr x16, [x16, :lo12:__imp_" #name \
          "]\n\tbr x16\n");
#else
#error "nabi's Windows shim supports x86_64 and aarch64"
#endif
#include "node_api_symbols.h"
#undef NODE_API_SYMBOL

static const char *const nabi_names[] = {
#define NODE_API_SYMBOL(name) #name,
#include "node_api_symbols.h"
#undef NODE_API_SYMBOL
};

static void **const nabi_slots[] = {
#define NODE_API_SYMBOL(name) &__imp_##name,
#include "node_api_symbols.h"
#undef NODE_API_SYMBOL
};

/* The module exporting Node-API: the host executable (node.exe, electron.exe,
 * a renamed copy), else a shared-library Node (libnode.dll) in the process. */
HMODULE nabi_shim_host(void) {
  static const wchar_t *const libs[] = {L"libnode.dll", L"node.dll"};
  HMODULE exe = GetModuleHandleW(NULL);
  if (exe && GetProcAddress(exe, "napi_create_function")) return exe;
  for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
    HMODULE m = GetModuleHandleW(libs[i]);
    if (m) return m;
  }
  return exe;
}

/* Runs first among the DLL's constructors, so a static initialiser calling
 * Node-API (napi_module_register) already finds the host's functions. */
__attribute__((constructor(101))) static void nabi_resolve_host(void) {
  HMODULE host = nabi_shim_host();
  if (!host) return;
  for (size_t i = 0; i < sizeof nabi_names / sizeof nabi_names[0]; i++) {
    FARPROC f = GetProcAddress(host, nabi_names[i]);
    if (f) *nabi_slots[i] = (void *)f;
  }
}

/* napi_module_register for nabi-prebuild's Windows host-lookup shim, kept
 * apart from win_host_lookup.c: it is linked from an archive, so only a DLL
 * that calls napi_module_register (an addon registering itself in a
 * constructor, the old way) carries it. The audit reads its look-up name,
 * "napi_module_register", as the sign of static registration, which a
 * shim build cannot otherwise show (it imports no Node-API function). */
#include <windows.h>

HMODULE nabi_shim_host(void);

static int nabi_missing_register(void) { return 9; }

void *__imp_napi_module_register = (void *)nabi_missing_register;

#if defined(__x86_64__)
__asm__(".text\n.globl napi_module_register\n.p2align 4\nnapi_module_register:\n"
        "\tjmpq *__imp_napi_module_register(%rip)\n");
#elif defined(__aarch64__)
__asm__(".text\n.globl napi_module_register\n.p2align 2\nnapi_module_register:\n"
        "\tadrp x16, __imp_napi_module_register\n"
        "\tldr x16, [x16, :lo12:__imp_napi_module_register]\n\tbr x16\n");
#else
#error "nabi's Windows shim supports x86_64 and aarch64"
#endif

/* With the shim's own constructor, before the addon's. */
__attribute__((constructor(101))) static void nabi_resolve_register(void) {
  HMODULE host = nabi_shim_host();
  FARPROC f = host ? GetProcAddress(host, "napi_module_register") : NULL;
  if (f) __imp_napi_module_register = (void *)f;
}

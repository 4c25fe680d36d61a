/*
 * A small header with the interface of Wine's include/wine/test.h (as of Wine
 * 8.0), written for loopback-fast-path so that its generated conformance test
 * builds here, outside Wine's tree, unchanged. It implements what that test and
 * tests like it use: ok(), todo_wine, todo_wine_if(), broken(), skip(),
 * win_skip(), trace(), winetest_push_context(), winetest_get_mainargs(),
 * wait_child_process() and START_TEST, with Wine's output lines and summary
 * line, and its exit status (the number of failures). It is single-threaded:
 * checks from other threads are counted, but their todo state is global.
 *
 * As in Wine, the test file includes it plainly, and testlist.c includes it
 * with STANDALONE defined, which adds the runner (main).
 */
#ifndef LFP_WINE_TEST_H
#define LFP_WINE_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

extern int winetest_debug;
extern int winetest_interactive;
extern const char *winetest_platform;

void winetest_set_location(const char *file, int line);
void winetest_ok(int condition, const char *msg, ...) __attribute__((format(printf, 2, 3)));
void winetest_skip(const char *msg, ...) __attribute__((format(printf, 1, 2)));
void winetest_win_skip(const char *msg, ...) __attribute__((format(printf, 1, 2)));
void winetest_trace(const char *msg, ...) __attribute__((format(printf, 1, 2)));
void winetest_start_todo(int is_todo);
int winetest_loop_todo(void);
void winetest_end_todo(void);
void winetest_push_context(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void winetest_pop_context(void);
int winetest_get_mainargs(char ***pargv);
LONG winetest_get_failures(void);
void winetest_add_failures(LONG n);
void winetest_wait_child_process(HANDLE process);
int broken(int condition);

#define ok (winetest_set_location(__FILE__, __LINE__), winetest_ok)
#define skip (winetest_set_location(__FILE__, __LINE__), winetest_skip)
#define win_skip (winetest_set_location(__FILE__, __LINE__), winetest_win_skip)
#define trace (winetest_set_location(__FILE__, __LINE__), winetest_trace)
#define wait_child_process (winetest_set_location(__FILE__, __LINE__), winetest_wait_child_process)

/* A block whose checks are expected to fail (todo_wine: under Wine only); one that passes there is a failure. */
#define todo_if(is_todo) for (winetest_start_todo(is_todo); winetest_loop_todo(); winetest_end_todo())
#define todo_wine todo_if(!strcmp(winetest_platform, "wine"))
#define todo_wine_if(is_todo) todo_if((is_todo) && !strcmp(winetest_platform, "wine"))

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

struct test { const char *name; void (*func)(void); };
extern const struct test winetest_testlist[];

#ifdef STANDALONE
#define START_TEST(name) \
    static void func_##name(void); \
    const struct test winetest_testlist[] = { { #name, func_##name }, { 0, 0 } }; \
    static void func_##name(void)
#else
#define START_TEST(name) void func_##name(void)
#endif

#ifdef STANDALONE
/* ------------------------------------------------------------------ the runner (testlist.c only) */

int winetest_debug = 1;
int winetest_interactive = 0;
const char *winetest_platform = "windows";

static const struct test *winetest_current;
static const char *winetest_file = "";
static int winetest_line;
static int winetest_argc;
static char **winetest_argv;
static unsigned int winetest_todo_level, winetest_todo_loop;
static char winetest_context[8][128];
static unsigned int winetest_contexts;
static LONG winetest_successes, winetest_failures, winetest_todo_successes, winetest_todo_failures, winetest_skipped;

void winetest_set_location(const char *file, int line)
{
    const char *slash = strrchr(file, '/'), *back = strrchr(file, '\\');
    if (back > slash) slash = back;
    winetest_file = slash ? slash + 1 : file;
    winetest_line = line;
}

/* "file:line: <kind><contexts>" then the message. */
static void winetest_report(const char *kind, const char *msg, va_list args)
{
    unsigned int i;
    printf("%s:%d: %s", winetest_file, winetest_line, kind);
    for (i = 0; i < winetest_contexts && i < ARRAY_SIZE(winetest_context); i++) printf("%s: ", winetest_context[i]);
    vprintf(msg, args);
    fflush(stdout);
}

int broken(int condition)
{
    return !strcmp(winetest_platform, "windows") && condition;
}

static int winetest_vok(int condition, const char *msg, va_list args)
{
    if (winetest_todo_level & 1)
    {
        if (condition)
        {
            winetest_report("Test succeeded inside todo block: ", msg, args);
            InterlockedIncrement(&winetest_todo_failures);
            return 0;
        }
        if (winetest_debug > 0) winetest_report("Test marked todo: ", msg, args);
        InterlockedIncrement(&winetest_todo_successes);
        return 1;
    }
    if (!condition)
    {
        winetest_report("Test failed: ", msg, args);
        InterlockedIncrement(&winetest_failures);
        return 0;
    }
    InterlockedIncrement(&winetest_successes);
    return 1;
}

void winetest_ok(int condition, const char *msg, ...)
{
    va_list args;
    va_start(args, msg);
    winetest_vok(condition, msg, args);
    va_end(args);
}

static void winetest_vskip(const char *msg, va_list args)
{
    winetest_report("Tests skipped: ", msg, args);
    InterlockedIncrement(&winetest_skipped);
}

void winetest_skip(const char *msg, ...)
{
    va_list args;
    va_start(args, msg);
    winetest_vskip(msg, args);
    va_end(args);
}

/* A skip on Windows (an old version lacks something); a failure anywhere else. */
void winetest_win_skip(const char *msg, ...)
{
    va_list args;
    va_start(args, msg);
    if (!strcmp(winetest_platform, "windows")) winetest_vskip(msg, args);
    else winetest_vok(0, msg, args);
    va_end(args);
}

void winetest_trace(const char *msg, ...)
{
    va_list args;
    if (!winetest_debug) return;
    va_start(args, msg);
    winetest_report("", msg, args);
    va_end(args);
}

void winetest_start_todo(int is_todo)
{
    winetest_todo_level = (winetest_todo_level << 1) | (is_todo != 0);
    winetest_todo_loop = 1;
}

int winetest_loop_todo(void)
{
    int again = winetest_todo_loop;
    winetest_todo_loop = 0;
    return again;
}

void winetest_end_todo(void)
{
    winetest_todo_level >>= 1;
}

void winetest_push_context(const char *fmt, ...)
{
    va_list args;
    if (winetest_contexts < ARRAY_SIZE(winetest_context))
    {
        va_start(args, fmt);
        vsnprintf(winetest_context[winetest_contexts], sizeof(winetest_context[0]), fmt, args);
        va_end(args);
    }
    winetest_contexts++;
}

void winetest_pop_context(void)
{
    if (winetest_contexts) winetest_contexts--;
}

int winetest_get_mainargs(char ***pargv)
{
    *pargv = winetest_argv;
    return winetest_argc;
}

LONG winetest_get_failures(void)
{
    return winetest_failures;
}

void winetest_add_failures(LONG n)
{
    while (n-- > 0) InterlockedIncrement(&winetest_failures);
}

/* Wait for a child test process; its failures (its exit status) count here, an exception as one. */
void winetest_wait_child_process(HANDLE process)
{
    DWORD code = 1;
    winetest_ok(process != NULL, "No child process handle (CreateProcess failed?)\n");
    if (!process) return;
    if (WaitForSingleObject(process, 30000) != WAIT_OBJECT_0)
    {
        winetest_ok(0, "Timed out waiting for the child process\n");
        return;
    }
    GetExitCodeProcess(process, &code);
    if (code > 255)
    {
        printf("%s:%d: unhandled exception %08lx in child process %04lx\n", winetest_file, winetest_line, code, GetProcessId(process));
        InterlockedIncrement(&winetest_failures);
    }
    else if (code)
    {
        printf("%s:%d: %lu failures in child process\n", winetest_file, winetest_line, code);
        winetest_add_failures((LONG)code);
    }
}

/* On Windows an unhandled exception is reported, with the last check seen, and ends the process with its code. */
static LONG WINAPI winetest_exception(EXCEPTION_POINTERS *ptrs)
{
    printf("%s:%d: this is the last test seen before the exception\n", winetest_file, winetest_line);
    printf("%04lx:%s: unhandled exception %08lx at %p\n", GetCurrentProcessId(), winetest_current->name,
           ptrs->ExceptionRecord->ExceptionCode, ptrs->ExceptionRecord->ExceptionAddress);
    fflush(stdout);
    return EXCEPTION_EXECUTE_HANDLER;
}

static int winetest_run(const char *name)
{
    const struct test *t;
    LONG status;
    for (t = winetest_testlist; t->name && strcmp(t->name, name); t++) {}
    if (!t->name)
    {
        printf("Fatal: test '%s' does not exist.\n", name);
        return 1;
    }
    winetest_current = t;
    t->func();
    if (winetest_debug)
        printf("%04lx:%s: %ld tests executed (%ld marked as todo, 0 as flaky, %ld %s), %ld skipped.\n", GetCurrentProcessId(), t->name,
               winetest_successes + winetest_failures + winetest_todo_successes + winetest_todo_failures, winetest_todo_successes,
               winetest_failures + winetest_todo_failures, winetest_failures + winetest_todo_failures == 1 ? "failure" : "failures", winetest_skipped);
    fflush(stdout);
    status = winetest_failures + winetest_todo_failures;
    return status > 255 ? 255 : (int)status;
}

int main(int argc, char **argv)
{
    char value[64];
    const struct test *t;
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");

    setvbuf(stdout, NULL, _IONBF, 0);
    winetest_argc = argc;
    winetest_argv = argv;
    if (GetEnvironmentVariableA("WINETEST_PLATFORM", value, sizeof(value))) winetest_platform = _strdup(value);
    else if (ntdll && GetProcAddress(ntdll, "wine_server_call")) winetest_platform = "wine";
    if (GetEnvironmentVariableA("WINETEST_DEBUG", value, sizeof(value))) winetest_debug = atoi(value);
    if (GetEnvironmentVariableA("WINETEST_INTERACTIVE", value, sizeof(value))) winetest_interactive = atoi(value);
    if (!strcmp(winetest_platform, "windows")) SetUnhandledExceptionFilter(winetest_exception);
    if (!winetest_interactive) SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    if (argc < 2)
    {
        if (winetest_testlist[0].name && !winetest_testlist[1].name) return winetest_run(winetest_testlist[0].name);
        printf("Usage: %s test_name\n", argv[0]);
        return 1;
    }
    if (!strcmp(argv[1], "--list"))
    {
        printf("Valid test names:\n");
        for (t = winetest_testlist; t->name; t++) printf("    %s\n", t->name);
        return 0;
    }
    return winetest_run(argv[1]);
}

#endif /* STANDALONE */
#endif /* LFP_WINE_TEST_H */

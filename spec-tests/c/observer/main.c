/*
 * lfp-observe.exe: runs every vector case that can run for real on this
 * system's ws2_32 and writes what happened as one lfp-observations/1 file, the
 * format `lfp observe` writes and `lfp observe --compare` judges.
 *
 * The parent process runs no Winsock call itself: it starts itself again as a
 * child for each job (cases that cannot end their process share a few jobs;
 * a case that may crash runs alone), reads back the events the child appended
 * to a file, and writes the recording. A crash or a hang ends only the case in
 * progress, as in the Node target (spec-tests/runner/targets/native/process.ts,
 * whose rules this file follows): the rest of its job goes on in a new process.
 *
 *   lfp-observe.exe [--out FILE] [--jobs N] [--only ID]... [--list]
 */
#include "observer.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define FAULT_EXIT 0xE0
#define EXCEPTION_WINE_STUB 0x80000100u /* Wine's exception for a call to an unimplemented function */
#define CASE_TIMEOUT_MS 15000           /* no progress for this long fails the case in progress */
#define HARNESS_RETRIES 2
#define SHARED_JOBS 4
#define MAX_JOBS 8

enum { EV_BEGIN = 1, EV_STEP, EV_RETURNED, EV_PROBLEM, EV_END, EV_FAULT, EV_STATS };

/* One event a child appends to its file: whole records, so a crash loses only what it did not write. */
struct event
{
    int type, k, j;
    DWORD code;
    struct lfp_actual a;
    struct lfp_stats stats;
    char text[512];
};

/* ---------------------------------------------------------------- child */

static HANDLE events_file;
static int child_kind;
static int child_k; /* the case in progress, by position in the job */

static void emit(const struct event *ev)
{
    DWORD n;
    WriteFile(events_file, ev, sizeof(*ev), &n, NULL);
}

static void emit_simple(int type, int k)
{
    struct event ev;
    memset(&ev, 0, sizeof(ev));
    ev.type = type;
    ev.k = k;
    emit(&ev);
}

/* A fault ends the process at once, saying which exception it was (no debugger is started). */
static LONG WINAPI on_fault(EXCEPTION_POINTERS *ptrs)
{
    struct event ev;
    memset(&ev, 0, sizeof(ev));
    ev.type = EV_FAULT;
    ev.code = ptrs->ExceptionRecord->ExceptionCode;
    emit(&ev);
    ExitProcess(FAULT_EXIT);
    return EXCEPTION_EXECUTE_HANDLER;
}

static void sink(int step, const struct lfp_actual *a, int returned)
{
    struct event ev;
    memset(&ev, 0, sizeof(ev));
    ev.type = returned ? EV_RETURNED : EV_STEP;
    ev.k = child_k;
    ev.j = step;
    ev.a = *a;
    emit(&ev);
}

static struct lfp_play *playing;

int lfp_step_begins(struct lfp_play *p, int step)
{
    if (p->stopped || p->skip[step]) return 0;
    p->st.stats->calls++;
    p->step = step;
    memset(&p->a, 0, sizeof(p->a));
    return 1;
}

void lfp_step_ends(struct lfp_play *p, int ran)
{
    if (ran) p->sink(p->step, &p->a, 0);
    else p->stopped = 1;
}

static void on_returned(struct lfp_state *st, const struct lfp_actual *a)
{
    sink(playing->step, a, 1);
}

static unsigned char *skip_mask(const struct lfp_case *c, int kind)
{
    unsigned char *m = calloc(c->steps + 1, 1);
    int i;
    for (i = 0; i < c->plan[kind].nskipped; i++) m[c->plan[kind].skipped[i].step] = 1;
    return m;
}

static int child(int argc, wchar_t **argv)
{
    struct lfp_stats stats;
    struct event ev;
    int i;

    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    SetUnhandledExceptionFilter(on_fault);
    child_kind = _wtoi(argv[2]);
    events_file = CreateFileW(argv[3], FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (events_file == INVALID_HANDLE_VALUE) return 3;
    memset(&stats, 0, sizeof(stats));
    for (i = 4; i < argc; i++)
    {
        const struct lfp_case *c = &lfp_cases[_wtoi(argv[i])];
        struct lfp_play *p = calloc(1, sizeof(*p));
        unsigned char *skip = skip_mask(c, child_kind);
        child_k = i - 4;
        emit_simple(EV_BEGIN, child_k);
        p->skip = skip;
        p->sink = sink;
        playing = p;
        if (lfp_begin_case(&p->st, &stats, c->startup))
        {
            p->st.returned = on_returned;
            c->play(p);
        }
        else
            p->stopped = 1;
        lfp_end_case(&p->st);
        if (p->stopped)
        {
            memset(&ev, 0, sizeof(ev));
            ev.type = EV_PROBLEM;
            ev.k = child_k;
            lstrcpynA(ev.text, p->st.problem, sizeof(ev.text));
            emit(&ev);
        }
        emit_simple(EV_END, child_k);
        free(skip);
        free(p);
    }
    memset(&ev, 0, sizeof(ev));
    ev.type = EV_STATS;
    ev.stats = stats;
    emit(&ev);
    return 0;
}

/* ---------------------------------------------------------------- parent */

/* What a case came to. */
struct run
{
    int state; /* RUN_* */
    int nsteps;
    struct lfp_actual *steps;
    unsigned char *present;
    char problem[512];
    const char *skip;
    char harness[300];
};
enum { RUN_NONE = 0, RUN_DONE, RUN_SKIP, RUN_HARNESS };

struct job
{
    int *cases; /* indices into lfp_cases */
    int n, attempt;
    HANDLE process;
    wchar_t file[MAX_PATH], err[MAX_PATH];
    LONGLONG size;
    DWORD progress;
    int timed_out;
};

static int kind;
static struct run *runs;
static char said[300]; /* what the last process collected said on its way out */
static struct lfp_stats totals;
static struct { long processes, failures, retries; } harness;
static wchar_t self[MAX_PATH], temp[MAX_PATH];
static int job_serial;

static int start(struct job *j)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    HANDLE err;
    BOOL ok;
    size_t len = wcslen(self) + 64 + (size_t)j->n * 8 + MAX_PATH;
    wchar_t *cmd = malloc(len * sizeof(wchar_t));
    int i, at;

    swprintf(j->file, MAX_PATH, L"%lslfp-observe-%lu-%d.bin", temp, GetCurrentProcessId(), job_serial++);
    swprintf(j->err, MAX_PATH, L"%ls.err", j->file);
    DeleteFileW(j->file);
    at = swprintf(cmd, len, L"\"%ls\" --child %d \"%ls\"", self, kind, j->file);
    for (i = 0; i < j->n; i++) at += swprintf(cmd + at, len - at, L" %d", j->cases[i]);
    /* What the system says about the child (Wine: "Unhandled page fault", "unimplemented function") goes to a file of its own. */
    err = CreateFileW(j->err, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, &sa, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = INVALID_HANDLE_VALUE;
    si.hStdOutput = si.hStdError = err;
    harness.processes++;
    ok = CreateProcessW(self, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    if (err != INVALID_HANDLE_VALUE) CloseHandle(err);
    if (!ok)
    {
        free(cmd);
        j->process = NULL;
        return 0;
    }
    free(cmd);
    CloseHandle(pi.hThread);
    j->process = pi.hProcess;
    j->size = 0;
    j->progress = GetTickCount();
    j->timed_out = 0;
    return 1;
}

static void step_to(struct run *r, int j, const struct lfp_actual *a)
{
    if (j >= r->nsteps) return;
    r->steps[j] = *a;
    r->present[j] = 1;
}

static void begin_run(struct run *r, const struct lfp_case *c)
{
    free(r->steps);
    free(r->present);
    memset(r, 0, sizeof(*r));
    r->state = RUN_DONE;
    r->nsteps = c->steps;
    r->steps = calloc(c->steps + 1, sizeof(*r->steps));
    r->present = calloc(c->steps + 1, 1);
}

/* The child's last two lines of output, " / "-joined (process.ts lastLines), or "no message". */
static void last_lines(const wchar_t *path, char *out, size_t size)
{
    HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    char buf[4096], *lines[2] = { NULL, NULL }, *p;
    DWORD n = 0, size_ = 0;
    if (f != INVALID_HANDLE_VALUE)
    {
        size_ = GetFileSize(f, NULL);
        if (size_ > sizeof(buf) - 1) SetFilePointer(f, -(LONG)(sizeof(buf) - 1), NULL, FILE_END);
        ReadFile(f, buf, sizeof(buf) - 1, &n, NULL);
        CloseHandle(f);
    }
    buf[n] = 0;
    for (p = strtok(buf, "\r\n"); p; p = strtok(NULL, "\r\n"))
        if (*p)
        {
            lines[0] = lines[1];
            lines[1] = p;
        }
    if (!lines[1]) snprintf(out, size, "no message");
    else if (!lines[0]) snprintf(out, size, "%s", lines[1]);
    else snprintf(out, size, "%s / %s", lines[0], lines[1]);
}

/* Read what a finished process did (process.ts run): returns how many of the job's cases it got to; *began says whether it began any. */
static int collect(struct job *j, DWORD exit_code, int *began)
{
    HANDLE f = CreateFileW(j->file, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    struct event ev, returned;
    int current = -1, last = -1, has_returned = 0, got = 0, stats = 0, fault = 0;
    DWORD fault_code = 0, n;

    *began = 0;
    said[0] = 0;
    memset(&returned, 0, sizeof(returned));
    while (f != INVALID_HANDLE_VALUE && ReadFile(f, &ev, sizeof(ev), &n, NULL) && n == sizeof(ev))
    {
        struct run *r = ev.k >= 0 && ev.k < j->n ? &runs[j->cases[ev.k]] : NULL;
        switch (ev.type)
        {
        case EV_RETURNED: returned = ev; has_returned = 1; break;
        case EV_BEGIN:
            begin_run(r, &lfp_cases[j->cases[ev.k]]);
            current = ev.k;
            last = -1;
            has_returned = 0;
            *began = 1;
            if (ev.k + 1 > got) got = ev.k + 1;
            break;
        case EV_STEP: step_to(r, ev.j, &ev.a); last = ev.j; break;
        case EV_PROBLEM: lstrcpynA(r->problem, ev.text, sizeof(r->problem)); break;
        case EV_END: current = -1; break;
        case EV_FAULT: fault = 1; fault_code = ev.code; break;
        case EV_STATS:
            stats = 1;
            totals.startups += ev.stats.startups;
            totals.cleanups += ev.stats.cleanups;
            totals.sockets_opened += ev.stats.sockets_opened;
            totals.sockets_closed += ev.stats.sockets_closed;
            totals.events_created += ev.stats.events_created;
            totals.events_closed += ev.stats.events_closed;
            totals.calls += ev.stats.calls;
            totals.threads_started += ev.stats.threads_started;
            totals.threads_ended += ev.stats.threads_ended;
            break;
        }
    }
    if (f != INVALID_HANDLE_VALUE) CloseHandle(f);
    DeleteFileW(j->file);
    last_lines(j->err, said, sizeof(said));
    DeleteFileW(j->err);
    if (current >= 0)
    {
        /* The process ended (or was killed) inside this case: the next step it was to run gets what happened. */
        const struct lfp_case *c = &lfp_cases[j->cases[current]];
        struct run *r = &runs[j->cases[current]];
        unsigned char *skip = skip_mask(c, kind);
        int at = last + 1, how = fault ? (fault_code == EXCEPTION_WINE_STUB ? LFP_RET_UNAVAILABLE : LFP_RET_CRASH) : 0;
        while (at < c->steps && skip[at]) at++;
        if (j->timed_out)
            snprintf(r->problem, sizeof(r->problem), "timed out: no progress for %d s (the process was killed)", CASE_TIMEOUT_MS / 1000);
        else if (how == LFP_RET_CRASH && has_returned && returned.j == at && !returned.a.completion_null)
        {
            /* The call returned; the process faulted when its completion routine ran (an APC at the alertable wait). */
            returned.a.faults = 1;
            step_to(r, at, &returned.a);
        }
        else if (how && at < c->steps)
        {
            struct lfp_actual a;
            memset(&a, 0, sizeof(a));
            a.has_ret = 1;
            a.ret = how;
            step_to(r, at, &a);
        }
        else
            snprintf(r->problem, sizeof(r->problem), "the process ended with exit code %lu during this case: %s", exit_code, said);
        free(skip);
    }
    if (!*began && !stats) *began = -1;
    return got;
}

/* ---------------------------------------------------------------- JSON */

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
    {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') fprintf(f, "\\%c", ch);
        else if (ch < 0x20) fprintf(f, "\\u%04x", ch);
        else fputc(ch, f);
    }
    fputc('"', f);
}

static const char *const vias[] = { "none", "event", "routine" };
static const char *const bounded = "no completion within the bounded wait of 200 ms: still WSA_IO_PENDING";

static void json_actual(FILE *f, const struct lfp_actual *a, const struct lfp_plan *plan, int step)
{
    const char *sep = "";
    int i;
    fputc('{', f);
    if (a->has_ret)
    {
        if (a->ret == LFP_RET_CRASH) fprintf(f, "\"ret\": \"crash\"");
        else if (a->ret == LFP_RET_UNAVAILABLE) fprintf(f, "\"ret\": \"unavailable\"");
        else fprintf(f, "\"ret\": %d", a->ret);
        sep = ", ";
    }
    if (a->has_error) { fprintf(f, "%s\"error\": %lu", sep, a->error); sep = ", "; }
    if (a->has_errno) { fprintf(f, "%s\"errno\": \"untouched\"", sep); sep = ", "; }
    if (a->has_bytes)
    {
        if (a->bytes_untouched) fprintf(f, "%s\"bytesReturned\": \"untouched\"", sep);
        else fprintf(f, "%s\"bytesReturned\": %lu", sep, a->bytes);
        sep = ", ";
    }
    if (a->has_completion)
    {
        if (a->completion_null) fprintf(f, "%s\"completion\": null", sep);
        else
        {
            fprintf(f, "%s\"completion\": {\"via\": \"%s\"", sep, vias[a->via]);
            if (a->channels_routine) fprintf(f, ", \"channels\": [\"routine\"]");
            fprintf(f, ", \"status\": %lu, \"transferred\": %lu", a->status, a->transferred);
            if (a->has_flags) fprintf(f, ", \"flags\": %lu", a->flags);
            if (a->faults) fprintf(f, ", \"faults\": true");
            fputc('}', f);
        }
        sep = ", ";
    }
    if (a->has_completed) { fprintf(f, "%s\"completed\": %s", sep, a->completed ? "true" : "false"); sep = ", "; }
    if (a->has_received) { fprintf(f, "%s\"received\": %lu", sep, a->received); sep = ", "; }
    if (a->note)
    {
        char note[256];
        int expected = 0;
        for (i = 0; i < plan->npending_expected; i++) expected = expected || plan->pending_expected[i] == step;
        if (expected) snprintf(note, sizeof(note), "%s; the vector expects that for %s (the operation never completes)", bounded, plan->profile);
        else snprintf(note, sizeof(note), "%s", bounded);
        fprintf(f, "%s\"note\": ", sep);
        json_string(f, note);
    }
    fputc('}', f);
}

static void json_case(FILE *f, int i)
{
    const struct lfp_case *c = &lfp_cases[i];
    const struct lfp_plan *plan = &c->plan[kind];
    const struct run *r = &runs[i];
    int j, n = 0;
    fprintf(f, "  {\"id\": ");
    json_string(f, c->id);
    fprintf(f, ", \"file\": ");
    json_string(f, c->file);
    if (r->state == RUN_SKIP)
    {
        fprintf(f, ", \"steps\": [], \"skip\": ");
        json_string(f, r->skip);
    }
    else if (r->state == RUN_HARNESS)
    {
        fprintf(f, ", \"steps\": [], \"harness\": ");
        json_string(f, r->harness);
    }
    else
    {
        for (j = 0; j < r->nsteps; j++)
            if (r->present[j]) n = j + 1;
        fprintf(f, ", \"steps\": [");
        for (j = 0; j < n; j++)
        {
            if (j) fprintf(f, ", ");
            if (r->present[j]) json_actual(f, &r->steps[j], plan, j);
            else fprintf(f, "null");
        }
        fputc(']', f);
        if (r->problem[0])
        {
            fprintf(f, ", \"problem\": ");
            json_string(f, r->problem);
        }
        fprintf(f, ", \"skipped\": [");
        for (j = 0; j < plan->nskipped; j++)
        {
            fprintf(f, "%s{\"step\": %d, \"reason\": ", j ? ", " : "", plan->skipped[j].step);
            json_string(f, plan->skipped[j].reason);
            fputc('}', f);
        }
        fputc(']', f);
    }
    fputc('}', f);
}

/* ---------------------------------------------------------------- the system */

struct system_info { char windows[300]; DWORD build, major, minor; char wine[200]; };

static void system_of(struct system_info *s)
{
    typedef LONG (WINAPI *rtl_get_version_fn)(OSVERSIONINFOW *);
    typedef const char *(CDECL *wine_string_fn)(void);
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    rtl_get_version_fn rtl = (rtl_get_version_fn)(void *)GetProcAddress(ntdll, "RtlGetVersion");
    wine_string_fn build_id = (wine_string_fn)(void *)GetProcAddress(ntdll, "wine_get_build_id");
    wine_string_fn version = (wine_string_fn)(void *)GetProcAddress(ntdll, "wine_get_version");
    OSVERSIONINFOW v;
    char product[200] = "Windows";

    memset(&v, 0, sizeof(v));
    v.dwOSVersionInfoSize = sizeof(v);
    if (rtl) rtl(&v); /* GetVersionEx answers 6.2 to a program without a manifest */
    s->build = v.dwBuildNumber;
    s->major = v.dwMajorVersion;
    s->minor = v.dwMinorVersion;
    s->wine[0] = 0;
    if (version)
    {
        snprintf(s->wine, sizeof(s->wine), "%s", build_id ? build_id() : version());
        snprintf(s->windows, sizeof(s->windows), "%lu.%lu.%lu (as the Wine prefix reports it)", v.dwMajorVersion, v.dwMinorVersion, v.dwBuildNumber);
        return;
    }
    {
        HKEY key;
        wchar_t name[100];
        DWORD size = sizeof(name) - sizeof(wchar_t), type;
        if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", 0, KEY_READ, &key) == ERROR_SUCCESS)
        {
            memset(name, 0, sizeof(name));
            if (RegQueryValueExW(key, L"ProductName", NULL, &type, (BYTE *)name, &size) == ERROR_SUCCESS && type == REG_SZ)
                WideCharToMultiByte(CP_UTF8, 0, name, -1, product, sizeof(product), NULL, NULL);
            RegCloseKey(key);
        }
        /* Windows 11 still says "Windows 10" in ProductName; its builds start at 22000. */
        if (v.dwBuildNumber >= 22000 && !strncmp(product, "Windows 10", 10)) product[9] = '1';
        snprintf(s->windows, sizeof(s->windows), "%s %lu.%lu.%lu", product, v.dwMajorVersion, v.dwMinorVersion, v.dwBuildNumber);
    }
}

/* ---------------------------------------------------------------- main */

static const wchar_t usage[] =
    L"Usage: lfp-observe.exe [--out FILE] [--jobs N] [--only ID]... [--list]\n\n"
    L"Runs every spec vector case that can run for real against this system's\n"
    L"ws2_32 and writes the answers as an lfp-observations/1 file (default\n"
    L"observations.json in the current folder). Send that file back: on any machine\n"
    L"with the package, `npx lfp observe --compare FILE` judges it against the\n"
    L"windows profile. Takes a minute or so; needs nothing but Windows 7 or later.\n"
    L"  --out FILE   where to write the recording\n"
    L"  --jobs N     processes at once (default 2)\n"
    L"  --only ID    record only this case (repeatable)\n"
    L"  --list       list the cases and how each is planned here\n"
    L"Exit status: 0 recorded, 1 some cases were not begun (harness failures), 2 usage or output error.\n";

/* Started by a double click, the console window is this program's alone and would close with it: wait for Enter. */
static void pause_if_own_window(void)
{
    DWORD list[2], mode;
    if (GetConsoleProcessList(list, 2) == 1 && GetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), &mode))
    {
        printf("Press Enter to close this window.\n");
        getchar();
    }
}

static int selected(const wchar_t *const *only, int nonly, const char *id)
{
    wchar_t w[300];
    int i;
    if (!nonly) return 1;
    MultiByteToWideChar(CP_UTF8, 0, id, -1, w, 300);
    for (i = 0; i < nonly; i++)
        if (!wcscmp(only[i], w)) return 1;
    return 0;
}

int wmain(int argc, wchar_t **argv)
{
    const wchar_t *out = L"observations.json";
    const wchar_t **only = calloc(argc, sizeof(*only));
    struct job *queue, running[MAX_JOBS];
    int nqueue = 0, nrunning = 0, nonly = 0, parallel = 2, list = 0, i, k;
    int *shared, nshared = 0, per;
    struct system_info sys;
    SYSTEMTIME now;
    FILE *f;
    long ran = 0, partial = 0, failed_harness = 0, total = 0;

    if (argc >= 4 && !wcscmp(argv[1], L"--child")) return child(argc, argv);
    for (i = 1; i < argc; i++)
    {
        if (!wcscmp(argv[i], L"--out") && i + 1 < argc) out = argv[++i];
        else if (!wcscmp(argv[i], L"--jobs") && i + 1 < argc) parallel = _wtoi(argv[++i]);
        else if (!wcscmp(argv[i], L"--only") && i + 1 < argc) only[nonly++] = argv[++i];
        else if (!wcscmp(argv[i], L"--list")) list = 1;
        else if (!wcscmp(argv[i], L"--help") || !wcscmp(argv[i], L"-h")) { fwprintf(stdout, L"%ls", usage); return 0; }
        else { fwprintf(stderr, L"lfp-observe: unknown or incomplete option %ls\n\n%ls", argv[i], usage); return 2; }
    }
    if (parallel < 1 || parallel > MAX_JOBS) { fwprintf(stderr, L"lfp-observe: --jobs: expected 1 to %d\n", MAX_JOBS); return 2; }
    GetModuleFileNameW(NULL, self, MAX_PATH);
    GetTempPathW(MAX_PATH, temp);
    system_of(&sys);
    /* Windows 7 / Server 2008 R2 is 6.1: the code is unknown to its provider (the windows-7 profile). */
    kind = GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") ? LFP_WINE : sys.major * 100 + sys.minor < 602 ? LFP_NATIVE_OLD : LFP_NATIVE;
    runs = calloc(lfp_case_count, sizeof(*runs));
    queue = calloc(lfp_case_count + SHARED_JOBS + 1, sizeof(*queue));
    shared = calloc(lfp_case_count, sizeof(*shared));
    for (i = 0; i < lfp_case_count; i++)
    {
        const struct lfp_plan *plan = &lfp_cases[i].plan[kind];
        if (!plan->planned || !selected(only, nonly, lfp_cases[i].id)) continue;
        if (list) printf("%-60s %s\n", lfp_cases[i].id, plan->skip ? "cannot run" : plan->isolate ? "alone" : "shared");
        total++;
        if (plan->skip)
        {
            runs[i].state = RUN_SKIP;
            runs[i].skip = plan->skip;
        }
        else if (plan->isolate)
        {
            queue[nqueue].cases = malloc(sizeof(int));
            queue[nqueue].cases[0] = i;
            queue[nqueue++].n = 1;
        }
        else
            shared[nshared++] = i;
    }
    if (list) return 0;
    for (i = 0; i < nonly; i++)
    {
        int found = 0;
        for (k = 0; k < lfp_case_count && !found; k++) found = selected(&only[i], 1, lfp_cases[k].id);
        if (!found) { fwprintf(stderr, L"lfp-observe: --only: no case %ls in these vectors\n", only[i]); return 2; }
    }
    /* Shared cases first, split so that every process has work while the crash-prone ones run alone. */
    per = (nshared + SHARED_JOBS - 1) / SHARED_JOBS;
    if (per)
    {
        memmove(queue + (nshared + per - 1) / per, queue, nqueue * sizeof(*queue));
        for (k = 0; k * per < nshared; k++)
        {
            struct job *j = &queue[k];
            memset(j, 0, sizeof(*j));
            j->n = nshared - k * per < per ? nshared - k * per : per;
            j->cases = malloc(j->n * sizeof(int));
            memcpy(j->cases, shared + k * per, j->n * sizeof(int));
        }
        nqueue += k;
    }
    printf("lfp-observe: %ld cases on %s%s%s; running...\n", total, sys.windows, sys.wine[0] ? ", " : "", sys.wine);
    fflush(stdout);

    while (nqueue || nrunning)
    {
        while (nrunning < parallel && nqueue)
        {
            struct job j = queue[0];
            memmove(queue, queue + 1, --nqueue * sizeof(*queue));
            if (!start(&j))
            {
                /* Treated as a process that began nothing: retried, then a harness failure. */
                j.process = NULL;
            }
            running[nrunning++] = j;
        }
        {
            HANDLE hs[MAX_JOBS];
            int nh = 0;
            for (k = 0; k < nrunning; k++)
                if (running[k].process) hs[nh++] = running[k].process;
            if (nh) WaitForMultipleObjects(nh, hs, FALSE, 20);
        }
        for (k = 0; k < nrunning; k++)
        {
            struct job *j = &running[k];
            DWORD code = 1;
            int got, began;
            if (j->process && WaitForSingleObject(j->process, 0) == WAIT_TIMEOUT)
            {
                WIN32_FILE_ATTRIBUTE_DATA fa;
                if (GetFileAttributesExW(j->file, GetFileExInfoStandard, &fa))
                {
                    LONGLONG size = ((LONGLONG)fa.nFileSizeHigh << 32) | fa.nFileSizeLow;
                    if (size != j->size) { j->size = size; j->progress = GetTickCount(); }
                }
                if (GetTickCount() - j->progress > CASE_TIMEOUT_MS)
                {
                    j->timed_out = 1;
                    TerminateProcess(j->process, 1);
                    WaitForSingleObject(j->process, 5000);
                }
                else
                    continue;
            }
            if (j->process)
            {
                GetExitCodeProcess(j->process, &code);
                CloseHandle(j->process);
            }
            got = collect(j, code, &began);
            if (began < 0)
            {
                harness.failures++;
                if (j->attempt < HARNESS_RETRIES)
                {
                    harness.retries++;
                    j->attempt++;
                    memmove(queue + 1, queue, nqueue++ * sizeof(*queue));
                    queue[0] = *j;
                }
                else
                {
                    for (i = 0; i < j->n; i++)
                    {
                        runs[j->cases[i]].state = RUN_HARNESS;
                        snprintf(runs[j->cases[i]].harness, sizeof(runs[j->cases[i]].harness), "the process ended with exit code %lu before the case began: %s", code, said);
                    }
                    free(j->cases);
                }
            }
            else if (got < j->n)
            {
                /* A crash or timeout ended the process: the rest goes on in a new one. */
                struct job rest;
                memset(&rest, 0, sizeof(rest));
                rest.n = j->n - got;
                rest.cases = malloc(rest.n * sizeof(int));
                memcpy(rest.cases, j->cases + got, rest.n * sizeof(int));
                free(j->cases);
                memmove(queue + 1, queue, nqueue++ * sizeof(*queue));
                queue[0] = rest;
            }
            else
                free(j->cases);
            running[k--] = running[--nrunning];
        }
    }

    f = _wfopen(out, L"wb");
    if (!f) { fwprintf(stderr, L"lfp-observe: --out: cannot write %ls\n", out); return 2; }
    GetSystemTime(&now);
    fprintf(f, "{\n \"format\": \"lfp-observations/1\",\n \"target\": \"%s\",\n \"profile\": \"%s\",\n \"system\": {\"windows\": ",
            kind == LFP_WINE ? "wine" : "native", lfp_cases[0].plan[kind].profile);
    json_string(f, sys.windows);
    fprintf(f, ", \"build\": %lu, \"wine\": ", sys.build);
    if (sys.wine[0]) json_string(f, sys.wine);
    else fprintf(f, "null");
    fprintf(f, ", \"node\": \"none (lfp-observe.exe)\", \"arch\": \"x64\"},\n \"recorded\": \"%04d-%02d-%02dT%02d:%02d:%02d.%03dZ\",\n",
            now.wYear, now.wMonth, now.wDay, now.wHour, now.wMinute, now.wSecond, now.wMilliseconds);
    fprintf(f, " \"program\": {\"name\": \"lfp-observe.exe\", \"version\": ");
    json_string(f, lfp_package_version);
    fprintf(f, ", \"vectors\": ");
    json_string(f, lfp_vectors_digest);
    fprintf(f, ", \"stats\": {\"startups\": %ld, \"cleanups\": %ld, \"socketsOpened\": %ld, \"socketsClosed\": %ld, \"eventsCreated\": %ld, \"eventsClosed\": %ld, \"calls\": %ld, \"threadsStarted\": %ld, \"threadsEnded\": %ld}",
            totals.startups, totals.cleanups, totals.sockets_opened, totals.sockets_closed, totals.events_created, totals.events_closed, totals.calls,
            totals.threads_started, totals.threads_ended);
    fprintf(f, ", \"harness\": {\"processes\": %ld, \"failures\": %ld, \"retries\": %ld}},\n \"cases\": [\n", harness.processes, harness.failures, harness.retries);
    for (i = 0, k = 0; i < lfp_case_count; i++)
    {
        if (!runs[i].state) continue;
        if (k++) fprintf(f, ",\n");
        json_case(f, i);
        if (runs[i].state == RUN_DONE) ran++;
        if (runs[i].state == RUN_DONE && lfp_cases[i].plan[kind].nskipped) partial++;
        if (runs[i].state == RUN_HARNESS) failed_harness++;
    }
    fprintf(f, "\n ]\n}\n");
    if (fclose(f) != 0) { fwprintf(stderr, L"lfp-observe: --out: cannot write %ls\n", out); return 2; }
    printf("observed %ld of %ld cases on %s%s%s (%ld of them in part; %ld cannot run for real, each says why", ran, total, sys.windows,
           sys.wine[0] ? ", " : "", sys.wine, partial, total - ran - failed_harness);
    if (failed_harness) printf("; %ld not begun: harness failures", failed_harness);
    {
        wchar_t full[MAX_PATH];
        if (!GetFullPathNameW(out, MAX_PATH, full, NULL)) lstrcpynW(full, out, MAX_PATH);
        printf("); written to %ls\n", full);
    }
    pause_if_own_window();
    return failed_harness ? 1 : 0;
}

/* What the cases of this process opened and closed (checked by check_balance). */
static struct lfp_stats stats;

static const char *lfp_channels(const struct lfp_actual *r)
{
    if (r->channels_routine) return "routine";
    return r->via == LFP_VIA_EVENT ? "event" : r->via == LFP_VIA_ROUTINE ? "routine" : "";
}

static const char *lfp_show_bytes(const struct lfp_actual *r)
{
    static char text[32];
    if (r->bytes_untouched) return "untouched";
    sprintf(text, "%lu", r->bytes);
    return text;
}

static const char *lfp_show_completion(const struct lfp_actual *r)
{
    static const char *const vias[] = { "none", "event", "routine" };
    static char text[160];
    if (r->completion_null) return "no operation";
    sprintf(text, "an operation, via %s, status %lu, transferred %lu, flags %lu, channels [%s]%s", vias[r->via], r->status,
            r->transferred, r->has_flags ? r->flags : 0, lfp_channels(r), r->faults ? ", faults" : "");
    return text;
}

/* In a child process a fault ends the process with its exception code, without a debugger. */
static LONG WINAPI child_exception(EXCEPTION_POINTERS *ptrs)
{
    return EXCEPTION_EXECUTE_HANDLER;
}

/* Run one case in a child process: it may end its process (`crashes_on_wine` says where Wine's does). */
static void run_in_child(const char *name, const char *crashes_on_wine)
{
    char cmd[MAX_PATH + 200], **argv;
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    DWORD code = 0xdeadbeef;

    winetest_get_mainargs(&argv);
    sprintf(cmd, "\"%s\" loopback_fast_path %s", argv[0], name);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi))
    {
        ok(0, "%s: CreateProcess failed: %lu\n", name, GetLastError());
        return;
    }
    if (WaitForSingleObject(pi.hProcess, 60000) != WAIT_OBJECT_0) TerminateProcess(pi.hProcess, 0xdead);
    GetExitCodeProcess(pi.hProcess, &code);
    todo_wine_if(crashes_on_wine != NULL)
        ok(!code, "%s: the child process ended with %#lx%s%s\n", name, code, crashes_on_wine ? "; the wine profile predicts " : "",
           crashes_on_wine ? crashes_on_wine : "");
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

/* Every socket, event, WSAStartup and issuing thread a case opened, it closed (or ended). */
static void check_balance(void)
{
    ok(stats.sockets_closed == stats.sockets_opened, "%ld sockets opened, %ld closed\n", stats.sockets_opened, stats.sockets_closed);
    ok(stats.events_closed == stats.events_created, "%ld events created, %ld closed\n", stats.events_created, stats.events_closed);
    ok(stats.cleanups == stats.startups, "%ld WSAStartup, %ld WSACleanup\n", stats.startups, stats.cleanups);
    ok(stats.threads_ended == stats.threads_started, "%ld issuing threads started, %ld ended\n", stats.threads_started, stats.threads_ended);
}


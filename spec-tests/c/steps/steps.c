/*
 * The step mechanics (steps.h): each function does what the Node player does
 * for the same step (spec-tests/runner/targets/native/player.ts; the comments
 * say where it matters) and reads the same fields, so that recordings of a
 * case can be compared field by field. A step that cannot run returns 0 with
 * the reason, as a StepFailure does there.
 */
#include "steps.h"

#define LFP_SENTINEL 0xDEADBEEFu
#define LFP_STATUS_PENDING 0x103u
#define LFP_INVALID_ADDRESS ((void *)(ULONG_PTR)0x10) /* inside the never-mapped first page */
#define LFP_NOT_A_SOCKET ((SOCKET)12345)             /* a value no socket of this process has (Wine's tests use it) */

/* An overlapped operation. The OVERLAPPED comes first: the completion routine finds its operation by it. */
struct lfp_pending
{
    WSAOVERLAPPED ov;
    SOCKET socket;
    WSAEVENT event;
    int routine;
    int ncalls;
    DWORD call_err, call_n, call_flags;
    struct lfp_actual completion; /* its completion fields */
    const char *as;
    int started;                          /* the call started it (a wait or cancel may name it) */
    struct lfp_thread *thread;            /* the thread that issued it: NULL for the player's own */
    struct lfp_pending *next, *case_next; /* every operation of the process; of the case */
};

struct lfp_block { void *p; int virtual_; struct lfp_block *next; };

/* Every operation whose routine may still be called (the routine looks its operation up here). */
static struct lfp_pending *lfp_live;

static int lfp_fail(struct lfp_state *st, const char *fmt, const char *name)
{
    snprintf(st->problem, sizeof(st->problem), fmt, name);
    return 0;
}

/* Zeroed memory that lives until the case ends (or longer, if the system may still write it). */
static void *lfp_alloc(struct lfp_state *st, size_t n)
{
    struct lfp_block *b = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*b));
    b->p = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, n ? n : 1);
    b->next = st->blocks;
    st->blocks = b;
    return b->p;
}

/*
 * `len` bytes that end where a no-access page begins: a count larger than the bytes handed
 * over reaches the guard page, never other memory (what the Node driver refuses for memory
 * safety can be passed here).
 */
static unsigned char *lfp_alloc_guarded(struct lfp_state *st, size_t len)
{
    SYSTEM_INFO si;
    DWORD old;
    size_t page, span;
    unsigned char *base;
    struct lfp_block *b;

    GetSystemInfo(&si);
    page = si.dwPageSize;
    span = (len + page - 1) / page * page;
    if (!span) span = page;
    base = VirtualAlloc(NULL, span + page, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!base) return NULL;
    VirtualProtect(base + span, page, PAGE_NOACCESS, &old);
    b = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*b));
    b->p = base;
    b->virtual_ = 1;
    b->next = st->blocks;
    st->blocks = b;
    return base + span - len;
}

static struct lfp_entry *lfp_find(struct lfp_state *st, const char *name)
{
    int i;
    for (i = st->nsockets - 1; i >= 0; i--)
        if (!strcmp(st->sockets[i].name, name)) return &st->sockets[i];
    return NULL;
}

static struct lfp_entry *lfp_sock(struct lfp_state *st, const char *name)
{
    struct lfp_entry *e = lfp_find(st, name);
    if (!e) lfp_fail(st, "socket \"%s\" does not exist (the step that should have created it failed)", name);
    return e;
}

static void lfp_add_socket(struct lfp_state *st, const char *name, SOCKET s, int family)
{
    struct lfp_entry *e = lfp_find(st, name);
    if (!e && st->nsockets < LFP_MAX_SOCKETS) e = &st->sockets[st->nsockets++];
    if (!e) return;
    memset(e, 0, sizeof(*e));
    e->name = name;
    e->s = s;
    e->family = family;
}

/* { ret, error }: 0 and 0, or -1 and WSAGetLastError(). */
static int lfp_result(struct lfp_actual *a, int ret)
{
    memset(a, 0, sizeof(*a));
    a->has_ret = a->has_error = 1;
    a->ret = ret == 0 ? 0 : -1;
    a->error = ret == 0 ? 0 : (DWORD)WSAGetLastError();
    return 1;
}

static void lfp_non_blocking(SOCKET s, int on)
{
    u_long v = on ? 1 : 0;
    ioctlsocket(s, FIONBIO, &v);
}

static int lfp_sockaddr(const struct lfp_addr *a, int port, struct sockaddr_storage *ss)
{
    int k;
    memset(ss, 0, sizeof(*ss));
    if (a->family == 4)
    {
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        in->sin_family = AF_INET;
        in->sin_port = htons((u_short)port);
        in->sin_addr.s_addr = htonl(a->words[0]);
        return sizeof(*in);
    }
    else
    {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((u_short)port);
        for (k = 0; k < 16; k++) in6->sin6_addr.s6_addr[k] = (unsigned char)(a->words[k / 4] >> (24 - 8 * (k % 4)));
        return sizeof(*in6);
    }
}

static int lfp_port_of(SOCKET s)
{
    struct sockaddr_storage ss;
    int len = 28;
    if (getsockname(s, (struct sockaddr *)&ss, &len) != 0) return 0;
    return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static int lfp_all_zero(const struct lfp_addr *a)
{
    return !a->words[0] && !a->words[1] && !a->words[2] && !a->words[3];
}

/* WSAIoctl's arguments, made on the player's thread or handed to the issuing thread. */
struct lfp_call
{
    SOCKET s;
    DWORD code, cb_in, cb_out;
    void *in, *out;
    DWORD *br;
    LPWSAOVERLAPPED ov;
    LPWSAOVERLAPPED_COMPLETION_ROUTINE rt;
};

/* WSAIoctl with WSAGetLastError pre-set, so that an untouched error is seen. */
static void lfp_call_ioctl(const struct lfp_call *c, int *ret, DWORD *err)
{
    WSASetLastError((int)LFP_SENTINEL);
    *ret = WSAIoctl(c->s, c->code, c->in, c->cb_in, c->out, c->cb_out, c->br, c->ov, c->rt);
    *err = WSAGetLastError();
}

/* CancelIoEx on `ov`, or CancelIo when it is NULL: TRUE, or FALSE and GetLastError(). */
static void lfp_call_cancel(SOCKET s, LPWSAOVERLAPPED ov, int *cancelled, DWORD *err)
{
    *cancelled = ov ? CancelIoEx((HANDLE)s, ov) : CancelIo((HANDLE)s);
    *err = *cancelled ? 0 : GetLastError();
}

/*
 * The thread a case's operations are issued on when the case ends it (an exitThread step), as the
 * Node player's (spec-tests/runner/targets/native/issuing-thread.ts): it makes the calls it is
 * handed, one at a time, and waits alertably only when told to, at a wait step. A completion
 * routine is an APC to the thread that issued the call and runs only in an alertable wait of that
 * thread (wsaioctl#Remarks): given here, it runs at a wait step before the thread exits, or never.
 */
enum { LFP_T_IOCTL = 1, LFP_T_CANCEL, LFP_T_ALERTABLE_WAIT, LFP_T_EXIT };
#define LFP_THREAD_COMMAND_MS 5000 /* the longest command is an alertable wait of LFP_COMPLETION_WAIT_MS */
#define LFP_THREAD_END_MS 5000

struct lfp_thread
{
    HANDLE handle, request, answer;
    int alive, ended, command;
    struct lfp_call call; /* LFP_T_IOCTL; LFP_T_CANCEL: s and ov */
    int ret;
    DWORD error;
    struct lfp_thread *next;
};

static DWORD WINAPI lfp_thread_main(void *arg)
{
    struct lfp_thread *t = arg;
    for (;;)
    {
        WaitForSingleObject(t->request, INFINITE); /* not alertable: no APC runs here */
        switch (t->command)
        {
        case LFP_T_IOCTL: lfp_call_ioctl(&t->call, &t->ret, &t->error); break;
        case LFP_T_CANCEL: lfp_call_cancel(t->call.s, t->call.ov, &t->ret, &t->error); break;
        case LFP_T_ALERTABLE_WAIT: SleepEx(LFP_COMPLETION_WAIT_MS, TRUE); break;
        case LFP_T_EXIT: SetEvent(t->answer); return 0;
        }
        SetEvent(t->answer);
    }
}

/* The case's running issuing thread, started when there is none; NULL (st->problem says why) if it cannot start. */
static struct lfp_thread *lfp_issuing_thread(struct lfp_state *st)
{
    struct lfp_thread *t;
    if (st->thread && st->thread->alive) return st->thread;
    t = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*t));
    t->request = CreateEventW(NULL, FALSE, FALSE, NULL);
    t->answer = CreateEventW(NULL, FALSE, FALSE, NULL);
    t->handle = CreateThread(NULL, 0, lfp_thread_main, t, 0, NULL);
    if (!t->handle)
    {
        snprintf(st->problem, sizeof(st->problem), "the issuing thread could not start: CreateThread failed with %lu", GetLastError());
        CloseHandle(t->request);
        CloseHandle(t->answer);
        HeapFree(GetProcessHeap(), 0, t);
        return NULL;
    }
    t->alive = 1;
    t->next = st->threads;
    st->threads = t;
    st->thread = t;
    st->stats->threads_started++;
    return t;
}

/* Hand the thread a command and wait (bounded) for its answer: 1, or 0 with st->problem. */
static int lfp_thread_do(struct lfp_state *st, struct lfp_thread *t, int command)
{
    if (!t->alive) return lfp_fail(st, "%s", "the issuing thread has exited");
    t->command = command;
    SetEvent(t->request);
    if (WaitForSingleObject(t->answer, LFP_THREAD_COMMAND_MS) == WAIT_OBJECT_0) return 1;
    snprintf(st->problem, sizeof(st->problem), "the issuing thread did not answer within %d s%s", LFP_THREAD_COMMAND_MS / 1000,
             command == LFP_T_ALERTABLE_WAIT ? " (in an alertable wait: an APC it ran, such as an invalid completion routine, may have faulted)" : "");
    return 0;
}

/* Tell the thread to exit and wait (bounded) for its end: 1 when it ended. */
static int lfp_thread_exit(struct lfp_thread *t)
{
    t->command = LFP_T_EXIT;
    SetEvent(t->request);
    t->alive = 0;
    t->ended = WaitForSingleObject(t->handle, LFP_THREAD_END_MS) == WAIT_OBJECT_0;
    return t->ended;
}

int lfp_begin_case(struct lfp_state *st, struct lfp_stats *stats, int startup)
{
    WSADATA data;
    int err;
    memset(st, 0, sizeof(*st));
    st->stats = stats;
    if (!startup)
    {
        while (st->drained < 16 && WSACleanup() == 0) st->drained++; /* really without WSAStartup; given back at the end */
        return 1;
    }
    if ((err = WSAStartup(MAKEWORD(2, 2), &data)) != 0)
    {
        snprintf(st->problem, sizeof(st->problem), "WSAStartup failed: %d", err);
        return 0;
    }
    stats->startups++;
    st->started = 1;
    return 1;
}

void lfp_end_case(struct lfp_state *st)
{
    struct lfp_block *b, *next;
    struct lfp_pending *pd;
    WSADATA data;
    struct lfp_thread *t, *tnext;
    int i, keep = 0;

    if (st->thread && st->thread->alive && lfp_thread_exit(st->thread)) st->stats->threads_ended++; /* the case ended before its exitThread step */
    for (t = st->threads; t; t = tnext)
    {
        tnext = t->next;
        if (!t->ended) continue; /* it did not end: left behind, its memory with it */
        CloseHandle(t->handle);
        CloseHandle(t->request);
        CloseHandle(t->answer);
        HeapFree(GetProcessHeap(), 0, t);
    }
    st->thread = st->threads = NULL;
    for (i = 0; i < st->nsockets; i++)
        if (!st->sockets[i].closed)
        {
            closesocket(st->sockets[i].s);
            st->stats->sockets_closed++;
        }
    for (pd = st->pendings; pd; pd = pd->case_next)
        if (pd->event)
        {
            WSACloseEvent(pd->event);
            st->stats->events_closed++;
        }
    if (st->started)
    {
        WSACleanup();
        st->stats->cleanups++;
    }
    for (; st->drained > 0; st->drained--) WSAStartup(MAKEWORD(2, 2), &data);
    /* Buffers of operations that never completed stay allocated (the system may still write them), and so do the operations. */
    for (pd = st->pendings; pd; pd = pd->case_next) keep = keep || (pd->started && pd->completion.status == WSA_IO_PENDING);
    for (b = st->blocks; b; b = next)
    {
        next = b->next;
        if (!keep)
        {
            if (b->virtual_) VirtualFree(b->p, 0, MEM_RELEASE);
            else HeapFree(GetProcessHeap(), 0, b->p);
        }
        HeapFree(GetProcessHeap(), 0, b);
    }
    st->blocks = NULL;
}

int lfp_condition(struct lfp_state *st, struct lfp_actual *a)
{
    memset(a, 0, sizeof(*a)); /* a condition step with every condition off: nothing happens, nothing to read */
    return 1;
}

int lfp_cannot(struct lfp_state *st, const char *reason)
{
    return lfp_fail(st, "%s", reason);
}

int lfp_socket(struct lfp_state *st, const char *as, int af, int type, int protocol, DWORD flags, struct lfp_actual *a)
{
    SOCKET s = WSASocketW(af, type, protocol, NULL, 0, flags);
    lfp_result(a, s == INVALID_SOCKET ? -1 : 0);
    if (s != INVALID_SOCKET)
    {
        st->stats->sockets_opened++;
        lfp_add_socket(st, as, s, af == AF_INET6 ? 6 : 4);
    }
    return 1;
}

int lfp_bind(struct lfp_state *st, const char *s, const struct lfp_addr *addr, struct lfp_actual *a)
{
    struct sockaddr_storage ss;
    struct lfp_entry *e = lfp_sock(st, s);
    int len, ret;
    if (!e) return 0;
    len = lfp_sockaddr(addr, addr->port < 0 ? 0 : addr->port, &ss);
    ret = bind(e->s, (struct sockaddr *)&ss, len);
    if (ret == 0)
    {
        e->bound = 1;
        e->addr = *addr;
    }
    return lfp_result(a, ret);
}

int lfp_listen(struct lfp_state *st, const char *s, struct lfp_actual *a)
{
    struct lfp_entry *e = lfp_sock(st, s);
    int ret;
    if (!e) return 0;
    ret = listen(e->s, 0x7fffffff); /* the model has no backlog limit: the system's largest (SOMAXCONN) */
    if (ret == 0 && !e->listening)
    {
        e->listening = 1;
        e->listen_order = ++st->listen_count;
    }
    return lfp_result(a, ret);
}

static int lfp_connect_to(struct lfp_entry *c, struct lfp_addr dest, int port, struct lfp_actual *a)
{
    struct sockaddr_storage ss;
    int len = lfp_sockaddr(&dest, port, &ss);
    return lfp_result(a, connect(c->s, (struct sockaddr *)&ss, len));
}

/* connect to a socket of the case: its bound address (loopback for a wildcard) at its port. */
int lfp_connect_socket(struct lfp_state *st, const char *s, const char *to, struct lfp_actual *a)
{
    struct lfp_entry *c = lfp_sock(st, s), *l = c ? lfp_sock(st, to) : NULL;
    struct lfp_addr b = { 4, { 0, 0, 0, 0 }, -1 }, dest;
    int any_v6_for_v4;
    if (!l) return 0;
    if (l->bound) b = l->addr;
    /* An IPv4 client reaches a dual-stack IPv6 listener bound to :: at 127.0.0.1 (winsock#Dual-Stack Sockets). */
    any_v6_for_v4 = b.family == 6 && c->family == 4 && lfp_all_zero(&b);
    dest = b;
    if (lfp_all_zero(&b))
    {
        struct lfp_addr v4 = { 4, { 0x7f000001, 0, 0, 0 }, -1 }, v6 = { 6, { 0, 0, 0, 1 }, -1 };
        dest = b.family == 4 || any_v6_for_v4 ? v4 : v6;
    }
    if (dest.family == 4 && c->family == 6)
    {
        struct lfp_addr mapped = { 6, { 0, 0, 0xffff, 0 }, -1 };
        mapped.words[3] = dest.words[0];
        dest = mapped;
    }
    return lfp_connect_to(c, dest, lfp_port_of(l->s), a);
}

/* connect to an address: the model ignores ports, so a listener of the case bound to that address is meant. */
int lfp_connect_addr(struct lfp_state *st, const char *s, const struct lfp_addr *to, struct lfp_actual *a)
{
    struct lfp_entry *c = lfp_sock(st, s);
    int order, i, k;
    if (!c) return 0;
    for (order = 1; order <= st->listen_count; order++) /* the listeners in the order they listened */
        for (i = 0; i < st->nsockets; i++)
        {
            const struct lfp_entry *l = &st->sockets[i];
            const struct lfp_addr *b = &l->addr;
            int mapped, same = b->family == to->family, any;
            if (l->listen_order != order || !l->listening || !l->bound) continue;
            mapped = to->family == 6 && b->family == 4 && to->words[2] == 0xffff && to->words[3] == b->words[0];
            for (k = 0; k < 4; k++) same = same && b->words[k] == to->words[k];
            any = (b->family == to->family || (b->family == 6 && to->family == 4)) && lfp_all_zero(b);
            if (same || mapped || any) return lfp_connect_to(c, *to, lfp_port_of(l->s), a);
        }
    return lfp_connect_to(c, *to, to->port < 0 ? 0 : to->port, a);
}

int lfp_accept(struct lfp_state *st, const char *s, const char *as, struct lfp_actual *a)
{
    struct lfp_entry *l = lfp_sock(st, s);
    SOCKET n = INVALID_SOCKET;
    int err = 0, tries;
    if (!l) return 0;
    lfp_non_blocking(l->s, 1);
    for (tries = 0; tries < 20; tries++) /* a loopback connection reaches the queue at once; allow a little slack */
    {
        n = accept(l->s, NULL, NULL);
        if (n != INVALID_SOCKET) break;
        err = WSAGetLastError();
        if (err != WSAEWOULDBLOCK) break;
        SleepEx(10, FALSE);
    }
    lfp_non_blocking(l->s, 0);
    lfp_result(a, 0);
    if (n == INVALID_SOCKET)
    {
        a->ret = -1;
        a->error = err;
        return 1;
    }
    st->stats->sockets_opened++;
    lfp_add_socket(st, as, n, l->family);
    return 1;
}

int lfp_setsockopt(struct lfp_state *st, const char *s, int level, int name, DWORD value, struct lfp_actual *a)
{
    struct lfp_entry *e = lfp_sock(st, s);
    DWORD v = value;
    if (!e) return 0;
    return lfp_result(a, setsockopt(e->s, level, name, (const char *)&v, 4));
}

/* Send without blocking until every byte went or the buffers are full: completed says which. */
int lfp_send(struct lfp_state *st, const char *s, DWORD n, struct lfp_actual *a)
{
    struct lfp_entry *e = lfp_sock(st, s);
    char *chunk;
    DWORD sent = 0;
    int err = 0;
    if (!e) return 0;
    chunk = lfp_alloc(st, n < 65536 ? n : 65536);
    lfp_non_blocking(e->s, 1);
    while (sent < n)
    {
        int r = send(e->s, chunk, (int)(n - sent < 65536 ? n - sent : 65536), 0);
        if (r < 0)
        {
            err = WSAGetLastError();
            break;
        }
        sent += r;
    }
    lfp_non_blocking(e->s, 0);
    lfp_result(a, 0);
    if (err != 0 && err != WSAEWOULDBLOCK)
    {
        a->ret = -1;
        a->error = err;
        return 1;
    }
    a->has_completed = 1;
    a->completed = sent == n;
    return 1;
}

int lfp_recv(struct lfp_state *st, const char *s, DWORD n, struct lfp_actual *a)
{
    struct lfp_entry *e = lfp_sock(st, s);
    char *buf;
    DWORD got = 0, last;
    int err = 0;
    if (!e) return 0;
    lfp_result(a, 0);
    a->has_received = 1;
    if (n == 0) return 1;
    buf = lfp_alloc(st, n < 65536 ? n : 65536);
    lfp_non_blocking(e->s, 1);
    /* A real stack may hand over fewer bytes than were sent in one recv: read until the count, or until nothing more came for a bounded time. */
    last = GetTickCount();
    while (got < n)
    {
        int r = recv(e->s, buf, (int)(n - got < 65536 ? n - got : 65536), 0);
        if (r > 0)
        {
            got += r;
            last = GetTickCount();
            continue;
        }
        if (r == 0) break;
        err = WSAGetLastError();
        if (err != WSAEWOULDBLOCK) break;
        if (GetTickCount() - last > (DWORD)(got == 0 ? LFP_RECV_FIRST_BYTE_MS : LFP_RECV_IDLE_MS)) break;
        SleepEx(5, FALSE);
    }
    lfp_non_blocking(e->s, 0);
    if (got == 0 && err != 0)
    {
        a->ret = -1;
        a->error = err;
    }
    a->received = got;
    return 1;
}

int lfp_close(struct lfp_state *st, const char *s, struct lfp_actual *a)
{
    struct lfp_entry *e = lfp_sock(st, s);
    int ret;
    if (!e) return 0;
    ret = closesocket(e->s);
    if (ret == 0)
    {
        e->closed = 1;
        st->stats->sockets_closed++;
    }
    return lfp_result(a, ret);
}

/* The NTSTATUS in an OVERLAPPED's Internal as a Winsock error (host/native/ntstatus.ts): 1 and *out, 0 pending, -1 unknown. */
static int lfp_ntstatus(DWORD internal, DWORD *out)
{
    static const DWORD map[][2] = {
        { 0 /* STATUS_SUCCESS */, 0 }, { 0xc00000bb /* STATUS_NOT_SUPPORTED */, WSAEOPNOTSUPP },
        { 0xc000000d /* STATUS_INVALID_PARAMETER */, WSAEINVAL }, { 0xc0000005 /* STATUS_ACCESS_VIOLATION */, WSAEFAULT },
        { 0xc0000023 /* STATUS_BUFFER_TOO_SMALL */, WSAEFAULT }, { 0xc0000120 /* STATUS_CANCELLED */, WSA_OPERATION_ABORTED },
        { 0xc0000008 /* STATUS_INVALID_HANDLE */, WSAENOTSOCK }, { 0xc0000024 /* STATUS_OBJECT_TYPE_MISMATCH */, WSAENOTSOCK },
    };
    unsigned i;
    if (internal == LFP_SENTINEL || internal == LFP_STATUS_PENDING) return 0;
    for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (map[i][0] == internal)
        {
            *out = map[i][1];
            return 1;
        }
    if (internal < 0x10000)
    {
        *out = internal; /* ReactOS stores a Winsock code there directly */
        return 1;
    }
    return -1;
}

/* The status the system wrote for the operation, or WSA_IO_PENDING (*pending set) while it wrote none. */
static DWORD lfp_status(struct lfp_pending *pd, int *pending)
{
    DWORD s = 0, n, flags, e;
    int k = lfp_ntstatus((DWORD)pd->ov.Internal, &s);
    *pending = k == 0;
    if (k >= 0) return s;
    e = WSAGetOverlappedResult(pd->socket, &pd->ov, &n, FALSE, &flags) ? 0 : (DWORD)WSAGetLastError();
    return e == WSA_IO_INCOMPLETE ? WSA_IO_PENDING : e;
}

/* Wait (bounded, not alertable: no APC runs) until the system wrote the operation's status; WSA_IO_PENDING if it did not. */
static DWORD lfp_settled(struct lfp_pending *pd)
{
    DWORD start = GetTickCount();
    while (GetTickCount() - start < LFP_COMPLETION_WAIT_MS)
    {
        int pending;
        DWORD s = lfp_status(pd, &pending);
        if (!pending) return s;
        SleepEx(5, FALSE);
    }
    return WSA_IO_PENDING;
}

/*
 * Wait (bounded) for a started operation and read how it completed: its routine, its event, or
 * neither. An operation with a routine is waited for alertably on the thread that issued it, if
 * `alertable` and that thread still runs: its routine can run nowhere else. 0 (st->problem) when
 * the issuing thread did not answer.
 */
static int lfp_complete(struct lfp_state *st, struct lfp_pending *pd, struct lfp_actual *c, int alertable)
{
    int via = LFP_VIA_NONE, pending;
    DWORD status, high;
    memset(c, 0, sizeof(*c));
    c->has_completion = 1;
    if (pd->routine)
    {
        if (alertable && !pd->thread) SleepEx(LFP_COMPLETION_WAIT_MS, TRUE);
        else if (alertable && pd->thread->alive)
        {
            if (!lfp_thread_do(st, pd->thread, LFP_T_ALERTABLE_WAIT)) return 0;
        }
        else SleepEx(LFP_COMPLETION_WAIT_MS, FALSE);
        if (pd->ncalls)
        {
            c->via = LFP_VIA_ROUTINE;
            c->status = pd->call_err;
            c->transferred = pd->call_n;
            c->has_flags = 1;
            c->flags = pd->call_flags;
            return 1;
        }
    }
    else if (pd->event)
    {
        if (WSAWaitForMultipleEvents(1, &pd->event, TRUE, LFP_COMPLETION_WAIT_MS, FALSE) == WSA_WAIT_EVENT_0) via = LFP_VIA_EVENT;
    }
    else
        SleepEx(LFP_COMPLETION_WAIT_MS, FALSE);
    status = lfp_status(pd, &pending);
    if (pending)
    {
        c->status = WSA_IO_PENDING;
        return 1;
    }
    high = (DWORD)pd->ov.InternalHigh;
    c->via = via;
    c->status = status;
    c->transferred = high == LFP_SENTINEL ? 0 : high;
    return 1;
}

/* The first call of the routine given without lpOverlapped (no operation to find it by). */
static struct { int ncalls; DWORD err, n, flags; } lfp_unmatched;

static void CALLBACK lfp_routine(DWORD err, DWORD n, LPWSAOVERLAPPED ov, DWORD flags)
{
    struct lfp_pending *pd;
    for (pd = lfp_live; pd; pd = pd->next)
        if (&pd->ov == ov)
        {
            if (pd->ncalls++ == 0)
            {
                pd->call_err = err;
                pd->call_n = n;
                pd->call_flags = flags;
            }
            return;
        }
    if (lfp_unmatched.ncalls++ == 0)
    {
        lfp_unmatched.err = err;
        lfp_unmatched.n = n;
        lfp_unmatched.flags = flags;
    }
}

static void lfp_take_completion(struct lfp_actual *a, const struct lfp_actual *c)
{
    a->completion_null = 0;
    a->via = c->via;
    a->status = c->status;
    a->transferred = c->transferred;
    a->has_flags = c->has_flags;
    a->flags = c->flags;
    a->note = a->status == WSA_IO_PENDING; /* no completion within the bounded wait: still WSA_IO_PENDING */
}

/*
 * WSPIoctl is reached through a provider's WSPStartup. Under Wine 8 mswsock's WSPStartup is an
 * unimplemented stub that ends the process ("unavailable").
 */
static int lfp_wsp(struct lfp_state *st)
{
    typedef int (WINAPI *startup_fn)(WORD, void *, void *, void *, void *);
    HMODULE m = LoadLibraryA("mswsock.dll");
    startup_fn f = m ? (startup_fn)(void *)GetProcAddress(m, "WSPStartup") : NULL;
    unsigned char *b;
    if (!f) return lfp_fail(st, "%s", "mswsock.dll has no WSPStartup");
    b = lfp_alloc(st, 2048);
    f(MAKEWORD(2, 2), b, b + 600, b + 1300, b + 1500);
    return lfp_fail(st, "%s", "WSPStartup returned: driving WSPIoctl through the provider's table is not implemented");
}

int lfp_ioctl(struct lfp_state *st, const struct lfp_ioctl *call, struct lfp_actual *a)
{
    struct lfp_pending *pd = NULL;
    struct lfp_thread *thread = NULL;
    struct lfp_call c = { 0 };
    SOCKET s;
    DWORD *br, brv, err;
    int ret;

    if (call->wsp) return lfp_wsp(st);
    if (call->handle == LFP_H_NOT_A_SOCKET) s = LFP_NOT_A_SOCKET;
    else if (call->handle == LFP_H_INVALID_SOCKET) s = INVALID_SOCKET;
    else
    {
        struct lfp_entry *e = lfp_sock(st, call->socket);
        if (!e) return 0;
        s = e->s;
    }
    /* Input and output buffers: exactly what the vector hands over; a larger count ends at a guard page. */
    if (call->in_kind == LFP_P_INVALID) c.in = LFP_INVALID_ADDRESS;
    else if (call->in_kind == LFP_P_VALID)
    {
        c.in = call->cb_in > call->in_len ? lfp_alloc_guarded(st, call->in_len) : lfp_alloc(st, call->in_len);
        memcpy(c.in, call->in, call->in_len);
    }
    if (call->out_kind == LFP_P_INVALID) c.out = LFP_INVALID_ADDRESS;
    else if (call->out_kind == LFP_P_VALID)
    {
        c.out = call->cb_out > call->out_len ? lfp_alloc_guarded(st, call->out_len) : lfp_alloc(st, call->out_len);
        memset(c.out, 0xcc, call->out_len);
    }
    br = lfp_alloc(st, 4);
    *br = LFP_SENTINEL; /* so that "untouched" is seen */
    if (call->on_thread && !(thread = lfp_issuing_thread(st))) return 0;
    if (call->overlapped == LFP_OV_INVALID) c.ov = LFP_INVALID_ADDRESS;
    else if (call->overlapped >= LFP_OV_NOEVENT)
    {
        /* Never freed: the system may write it after the case ends (an operation that never completes). */
        pd = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*pd));
        pd->ov.Internal = LFP_SENTINEL;
        pd->ov.InternalHigh = LFP_SENTINEL;
        pd->socket = s;
        pd->as = call->as;
        pd->thread = thread;
        if (call->overlapped == LFP_OV_EVENT)
        {
            pd->event = WSACreateEvent();
            st->stats->events_created++;
            pd->ov.hEvent = pd->event;
        }
        pd->next = lfp_live;
        lfp_live = pd;
        pd->case_next = st->pendings;
        st->pendings = pd;
        c.ov = &pd->ov;
    }
    if (call->routine != LFP_P_NULL)
    {
        c.rt = call->routine == LFP_P_INVALID ? (LPWSAOVERLAPPED_COMPLETION_ROUTINE)LFP_INVALID_ADDRESS : lfp_routine;
        if (pd) pd->routine = 1; /* waited for alertably, a valid routine or not: that is where an APC would call it */
    }
    c.s = s;
    c.code = call->code;
    c.cb_in = call->cb_in;
    c.cb_out = call->cb_out;
    c.br = call->bytes_returned == LFP_P_NULL ? NULL : call->bytes_returned == LFP_P_INVALID ? LFP_INVALID_ADDRESS : br;
    if (thread)
    {
        thread->call = c;
        if (!lfp_thread_do(st, thread, LFP_T_IOCTL)) return 0;
        ret = thread->ret;
        err = thread->error;
    }
    else
        lfp_call_ioctl(&c, &ret, &err);
    memset(a, 0, sizeof(*a));
    a->has_ret = a->has_error = a->has_errno = a->has_bytes = a->has_completion = 1;
    a->ret = ret == 0 ? 0 : -1;
    a->error = ret == 0 ? 0 : err;
    brv = *br;
    a->bytes_untouched = call->bytes_returned != LFP_P_VALID || brv == LFP_SENTINEL;
    a->bytes = a->bytes_untouched ? 0 : brv;
    a->completion_null = 1;
    /* An operation was started when the call pended, or returned 0 with an OVERLAPPED the system used. */
    if (pd && (err == WSA_IO_PENDING || (ret == 0 && pd->ov.Internal != LFP_SENTINEL) || (ret == 0 && pd->routine)))
    {
        struct lfp_actual done;
        if (pd->routine && st->returned && !thread)
        {
            /*
             * A routine (valid or not) runs as an APC at the next alertable wait, where an invalid one
             * faults (Wine 8). What the call returned, and the status the operation completed with,
             * read without an alertable wait, are told first: a fault in the wait is the completion's.
             */
            struct lfp_actual r = *a;
            DWORD now = 0;
            int k = lfp_ntstatus((DWORD)pd->ov.Internal, &now);
            r.completion_null = 0;
            r.via = LFP_VIA_ROUTINE;
            r.channels_routine = 1;
            r.status = call->routine == LFP_P_INVALID ? lfp_settled(pd) : k == 1 ? now : WSA_IO_PENDING;
            st->returned(st, &r);
        }
        /* The issuing thread goes on without an alertable wait: its routine can run only at a wait step before it exits. */
        if (!lfp_complete(st, pd, &done, !thread)) return 0;
        pd->completion = done;
        pd->started = 1;
        lfp_take_completion(a, &done);
    }
    else if (!pd && call->routine != LFP_P_NULL && !thread)
    {
        /*
         * A routine without lpOverlapped: Wine queues it as an APC all the same (socket.c@wine-8.0
         * L2256-2261), so the call is followed by an alertable wait like an overlapped one; an invalid
         * routine faults there. No WSAOVERLAPPED holds a status: what the call returned is told first,
         * with the completion not yet delivered (WSA_IO_PENDING). As the Node player does.
         */
        if (st->returned)
        {
            struct lfp_actual r = *a;
            r.completion_null = 0;
            r.via = LFP_VIA_ROUTINE;
            r.channels_routine = 1;
            r.status = WSA_IO_PENDING;
            r.transferred = 0;
            st->returned(st, &r);
        }
        lfp_unmatched.ncalls = 0;
        SleepEx(LFP_COMPLETION_WAIT_MS, TRUE);
        if (lfp_unmatched.ncalls)
        {
            a->completion_null = 0;
            a->via = LFP_VIA_ROUTINE;
            a->channels_routine = 1;
            a->status = lfp_unmatched.err;
            a->transferred = lfp_unmatched.n;
            a->has_flags = 1;
            a->flags = lfp_unmatched.flags;
        }
    }
    return 1;
}

static struct lfp_pending *lfp_operation(struct lfp_state *st, const char *name)
{
    struct lfp_pending *pd;
    for (pd = st->pendings; pd; pd = pd->case_next)
        if (pd->started && pd->as && !strcmp(pd->as, name)) return pd;
    lfp_fail(st, "operation \"%s\" was not started (its ioctl did not start an overlapped operation)", name);
    return NULL;
}

/* Wait for a started operation: again (bounded) while it pends, or while its routine has not run and its thread may still run it. */
int lfp_wait(struct lfp_state *st, const char *name, struct lfp_actual *a)
{
    struct lfp_pending *pd = lfp_operation(st, name);
    int routine_may_run;
    if (!pd) return 0;
    routine_may_run = pd->routine && pd->completion.via != LFP_VIA_ROUTINE && (!pd->thread || pd->thread->alive);
    if ((pd->completion.status == WSA_IO_PENDING || routine_may_run) && !lfp_complete(st, pd, &pd->completion, 1)) return 0;
    memset(a, 0, sizeof(*a));
    a->has_completion = a->has_completed = 1;
    lfp_take_completion(a, &pd->completion);
    a->completed = a->status != WSA_IO_PENDING;
    return 1;
}

/*
 * CancelIoEx on the operation, or CancelIo on every operation of the socket the calling thread
 * issued; made by the thread that issued the case's operations (`on_thread`: the issuing thread).
 */
int lfp_cancel(struct lfp_state *st, const char *s, const char *name, int on_thread, struct lfp_actual *a)
{
    struct lfp_entry *e = lfp_sock(st, s);
    struct lfp_pending *pd = NULL;
    struct lfp_thread *t = NULL;
    int cancelled;
    DWORD err;
    if (!e || (name && !(pd = lfp_operation(st, name)))) return 0;
    if (on_thread)
    {
        if (!(t = lfp_issuing_thread(st))) return 0;
        t->call.s = e->s;
        t->call.ov = pd ? &pd->ov : NULL;
        if (!lfp_thread_do(st, t, LFP_T_CANCEL)) return 0;
        cancelled = t->ret;
        err = t->error;
    }
    else
        lfp_call_cancel(e->s, pd ? &pd->ov : NULL, &cancelled, &err);
    lfp_result(a, 0);
    if (!cancelled)
    {
        a->ret = -1;
        a->error = err;
    }
    return 1;
}

/* The issuing thread ends, and is waited for (one is started first when no step of the case used it). */
int lfp_exit_thread(struct lfp_state *st, struct lfp_actual *a)
{
    struct lfp_thread *t = lfp_issuing_thread(st);
    if (!t) return 0;
    st->thread = NULL;
    if (!lfp_thread_exit(t)) return lfp_fail(st, "%s", "the issuing thread did not end within the bounded wait after it was told to exit");
    st->stats->threads_ended++;
    return lfp_result(a, 0);
}
